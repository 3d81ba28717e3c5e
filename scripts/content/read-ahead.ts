/**
 * Content files read ahead by a worker thread. Reading 10,000 advisory files (a realpath, open,
 * fstat, two reads and a close each, and a strict UTF-8 decode) costs ~0.3 s of the load stage's
 * thread, which also parses, checks and plans; a worker does it on the other core, in chunks,
 * while this thread opens the advisory cache and loads the partners.
 *
 * Same function, same answers: the worker runs read-text-file.ts itself (from dist/ when the CLI
 * runs compiled, through the TypeScript loader otherwise) and hands back each file's text. A file
 * it could not read without a problem (or every file, should the worker fail) is read again in
 * this thread, which reports the problem exactly as a load without the worker does.
 */
import { startJobWorker, typeScriptLoader, type JobWorker } from '../feed/job-worker.js';
import type { Problems } from './problems.js';
import { readTextFile } from './read-text-file.js';

export interface ReadAhead {
  /** readTextFile(root, rel, problems) for one of the files read ahead (or any other file). */
  read(rel: string, problems: Problems): Promise<string | undefined>;
  close(): Promise<void>;
}

/** A read-worker.mjs job: files relative to `root`; the reply's `texts` has null for a problem. */
export interface ReadJob {
  root: string;
  files: string[];
}

/** Files per job: a reply of ~2 MB, the first one back within milliseconds. */
const CHUNK = 500;

const WORKER_URL = new URL('./read-worker.mjs', import.meta.url);

/** Starts reading `files` (relative to `root`) in a worker thread; `worker: false` reads each when asked. */
export function readAhead(root: string, files: readonly string[], options: { worker: boolean }): ReadAhead {
  if (!options.worker) return { read: (rel, problems) => readTextFile(root, rel, problems), async close() {} };
  const worker: Promise<JobWorker | undefined> = startJobWorker(WORKER_URL, null, 'read', {
    reply: (message) => new Error(`read worker: ${message}`),
    thread: (message, cause) => new Error(`read worker thread: ${message}`, { cause }),
  }, typeScriptLoader()).catch(() => undefined); // no worker: this thread reads every file
  const where = new Map<string, { chunk: Promise<(string | null)[] | undefined>; at: number }>();
  for (let start = 0; start < files.length; start += CHUNK) {
    const slice = files.slice(start, start + CHUNK);
    const chunk = worker.then(async (thread) => {
      const reply = await thread?.job({ root, files: slice } satisfies ReadJob);
      return reply?.texts as (string | null)[] | undefined;
    }).catch(() => undefined);
    slice.forEach((file, at) => where.set(file, { chunk, at }));
  }
  return {
    async read(rel, problems) {
      const place = where.get(rel);
      where.delete(rel); // each text is handed out once, then let go with its chunk
      const texts = place === undefined ? undefined : await place.chunk;
      const text = texts?.[place?.at ?? -1];
      if (texts !== undefined && place !== undefined) texts[place.at] = null;
      return typeof text === 'string' ? text : readTextFile(root, rel, problems);
    },
    async close() {
      await (await worker)?.stop();
    },
  };
}
