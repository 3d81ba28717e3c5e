/**
 * Content files read ahead by a worker thread. Reading 10,000 advisory files (a realpath, open,
 * fstat, two reads and a close each, and a strict UTF-8 decode) costs ~0.3 s of the load stage's
 * thread, which also parses, checks and plans; a worker does it on the other core, in chunks,
 * while this thread opens the advisory cache and loads the partners.
 *
 * Same function, same answers: the worker runs read-text-file.ts itself (from dist/ when the CLI
 * runs compiled, its TypeScript source otherwise: import-sibling.mjs) and hands back each file's
 * text. A file it could not read without a problem (or every file, should the worker fail) is
 * read again in this thread, which reports the problem exactly as a load without the worker does.
 */
import { startHelperWorker, type JobWorker } from '../feed/job-worker.js';
import type { Problems } from './problems.js';
import { readTextFile } from './read-text-file.js';
import { onSettled } from './stat-keys.js';
import type { ReadForCache } from './source-text.js';

export interface ReadAhead {
  /**
   * readTextFile(root, rel, problems) for one of the files read ahead (or any other file); for a
   * file the worker found among `known`, its key and length in place of its text (source-text.ts
   * forCache). `settled` is told the file's fingerprint as opened, when it had settled (stat-keys.ts).
   */
  read(rel: string, problems: Problems, settled?: (fingerprint: string) => void): Promise<ReadForCache | undefined>;
  close(): Promise<void>;
}

/**
 * A read-worker.mjs job: files relative to `root` (the reply's `texts` has null for a problem;
 * when `keyed`, it waits for the cache's keys), or those keys: files whose text the loading
 * thread does not need.
 */
export type ReadJob = { root: string; files: string[]; keyed: boolean } | { known: readonly string[] };

/** Files per job: a reply of ~2 MB, the first one back within milliseconds. */
const CHUNK = 500;
/**
 * Chunks asked for ahead of the one being loaded: the worker reads faster than this thread loads,
 * and every reply lands in this thread's memory (at 50,000 files, ~200 MB if all were asked at once).
 */
const WINDOW = 4;

const WORKER_URL = new URL('./read-worker.mjs', import.meta.url);

/**
 * A read-worker.mjs reply: per file its text, key or null (a problem), and its fingerprint as
 * opened when it had settled, or null (stat-keys.ts).
 */
interface ReadReply {
  texts: (ReadForCache | null)[];
  settled: (string | null)[];
}


/**
 * Starts reading `files` (relative to `root`) in a worker thread; `worker: false` reads each when
 * asked. `known`: the advisory cache's keys (advisory-cache.ts), for which the worker sends the key
 * instead of the text. The worker reads meanwhile; its replies wait for them.
 */
export function readAhead(root: string, files: readonly string[], options: { worker: boolean; known?: Promise<readonly string[]> }): ReadAhead {
  if (!options.worker) return { read: (rel, problems, settled) => readTextFile(root, rel, problems, settled === undefined ? {} : onSettled(settled)), async close() {} };
  const worker: Promise<JobWorker | undefined> = startHelperWorker(WORKER_URL, 'read'); // no worker: this thread reads every file
  // Without the keys (no cache, or it failed to open) the worker sends every text.
  const keyed = options.known !== undefined;
  if (options.known !== undefined) {
    const known = options.known.catch(() => []);
    void Promise.all([worker, known]).then(([thread, keys]) => thread?.job({ known: keys } satisfies ReadJob)).catch(() => undefined);
  }
  const chunks: Promise<ReadReply | undefined>[] = [];
  /** Asks for chunks up to `last` (those not asked for yet); resolves chunk `k` when asked for it. */
  const ask = (last: number) => {
    for (let k = chunks.length; k <= last && k * CHUNK < files.length; k++) {
      const slice = files.slice(k * CHUNK, (k + 1) * CHUNK);
      chunks.push(worker.then(async (thread) => {
        return (await thread?.job({ root, files: slice, keyed } satisfies ReadJob)) as ReadReply | undefined;
      }).catch(() => undefined));
    }
  };
  const place = new Map(files.map((file, i) => [file, i]));
  ask(WINDOW - 1);
  return {
    async read(rel, problems, settled) {
      const i = place.get(rel);
      place.delete(rel); // each text is handed out once, then let go with its chunk
      let text: ReadForCache | null | undefined;
      if (i !== undefined) {
        const k = Math.floor(i / CHUNK);
        ask(k + WINDOW);
        const reply = await chunks[k];
        text = reply?.texts[i % CHUNK];
        const fingerprint = reply?.settled[i % CHUNK];
        if (reply !== undefined) reply.texts[i % CHUNK] = null;
        if (text !== null && text !== undefined && typeof fingerprint === 'string') settled?.(fingerprint);
      }
      return text ?? readTextFile(root, rel, problems, settled === undefined ? {} : onSettled(settled));
    },
    async close() {
      await (await worker)?.stop();
    },
  };
}
