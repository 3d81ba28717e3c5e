/**
 * Advisory files parsed ahead by a worker thread, when many are not in the advisory cache (a
 * first build, a new program or loader code, `advisory-feed check`). Parsing costs ~0.4-0.5 ms a
 * file on this thread (YAML with positions, one markdown-it block parse or two for a body with
 * sections, the schema): ~4 s of a first build's load stage at 10,000 advisories, while the
 * other core mostly waits.
 *
 * The two threads meet in the middle: this thread loads the files in order from the first, and
 * the worker takes chunks from the last, one claim at a time, while the rest of the files is more
 * than a chunk ahead of this thread. A file the worker took is read and parsed there
 * (parse-ahead-job.ts: the same functions); this thread uses an advisory it parsed without any
 * problem as a cache hit, and loads any other file (a problem to report, a failed or missing
 * worker) itself, so every problem is reported exactly as a load without the worker reports it.
 */
import { startHelperWorker, type JobWorker } from '../feed/job-worker.js';
import type { ParsedAhead } from './parse-ahead-job.js';
import type { Program } from './types.js';

export interface ParseAhead {
  /**
   * The worker's result for `files[i]` when the worker took that file, else undefined: this
   * thread loads it. Ask in increasing order of `i` (a few at a time, as the loader does).
   */
  take(i: number): Promise<ParsedAhead | undefined> | undefined;
  /** Whether the worker started (and made its first claims), or could not: this thread loads all. */
  ready: Promise<boolean>;
  close(): Promise<void>;
}

/** Files per job: ~50 ms of parsing, so this thread seldom waits for the chunk it meets. */
const CHUNK = 100;
/** Chunks the worker has at once: one parsed while the next one's message is on its way. */
const IN_FLIGHT = 2;

const WORKER_URL = new URL('./parse-worker.mjs', import.meta.url);

/** Starts parsing `files` (relative to `root`) from the last, against `program`; `known`: cache keys. */
export function parseAhead(root: string, files: readonly string[], setup: { program: Program; known: string[] }): ParseAhead {
  const worker: Promise<JobWorker | undefined> = startHelperWorker(WORKER_URL, 'parse').then((thread) => {
    thread?.send({ type: 'setup', ...setup });
    return thread;
  });
  /** The worker's claims: files[back..] are its own, in chunks keyed by their first index. */
  let back = files.length;
  /** The first file this thread has not asked for yet. */
  let front = 0;
  const chunks = new Map<number, Promise<ParsedAhead[] | undefined>>();
  let closed = false;
  const claim = (): void => {
    const start = back - CHUNK;
    if (closed || start < front + CHUNK) return; // this thread would get there first
    back = start;
    const done = worker
      .then(async (thread) => (await thread?.job({ root, files: files.slice(start, start + CHUNK) }))?.results as ParsedAhead[] | undefined)
      .catch(() => undefined); // a failed chunk is loaded by this thread, file by file
    chunks.set(start, done);
    void done.then((results) => {
      if (results !== undefined) claim(); // no worker, or a failed one: this thread loads the rest
    });
  };
  // Claims start once the worker is ready: should this thread be near the end by then, it keeps
  // every file (a small load is over before a worker starts).
  const ready = worker.then((thread) => {
    if (thread !== undefined) for (let k = 0; k < IN_FLIGHT; k++) claim();
    return thread !== undefined;
  });
  return {
    ready,
    take(i) {
      front = Math.max(front, i + 1);
      if (i < back) return undefined;
      const start = files.length - CHUNK * Math.ceil((files.length - i) / CHUNK);
      const chunk = chunks.get(start);
      return chunk?.then((results) => {
        const result = results?.[i - start];
        if (results !== undefined) results[i - start] = null; // each result is handed out once
        return result;
      });
    },
    async close() {
      closed = true;
      await (await worker)?.stop();
    },
  };
}
