/**
 * One worker thread answering numbered jobs, for the seal pool and the open pool
 * (openpgp/seal-pool.ts, openpgp/open-pool.ts), the public site's renderer
 * (build/public/site-renderer.ts), the content read-ahead (content/read-ahead.ts) and the
 * state's opening (openpgp/open-aside.ts). A job is posted with a fresh `id`; the worker replies
 * `{ id, ...result }` or `{ id, error }`, and posts `{ id: -1 }` once it is ready
 * (`{ id: -1, error }` when it could not start). A worker that fails or exits rejects every job
 * still pending, and every later one.
 */
import { Worker } from 'node:worker_threads';

/** A worker's answer to one job, without its `id`. */
export type JobReply = Record<string, unknown>;

export interface JobWorker {
  /** Jobs posted and not answered yet (to pick the least busy worker). */
  readonly pending: number;
  /** Posts a message that gets no answer (e.g. the keys later jobs name). */
  send(message: object): void;
  /** Posts `message` with a fresh `id`, moving the buffers in `transfer`. */
  job(message: object, transfer?: ArrayBuffer[]): Promise<JobReply>;
  stop(): Promise<void>;
}

export interface JobWorkerErrors {
  /** The error a job rejects with when the worker answers `{ error }` (the whole answer is `reply`). */
  reply(message: string, reply: JobReply): Error;
  /** The error every pending and later job rejects with when the thread itself fails. */
  thread(message: string, cause: unknown): Error;
}

/** Starts `url` (a plain JavaScript module) and resolves once it is ready. */
export function startJobWorker(url: URL, workerData: unknown, name: string, errors: JobWorkerErrors): Promise<JobWorker> {
  // Not the parent's execArgv (e.g. `--import tsx`): a worker is plain JavaScript.
  const worker = new Worker(url, { workerData, execArgv: [] });
  const pending = new Map<number, { resolve: (reply: JobReply) => void; reject: (error: Error) => void }>();
  let nextJob = 0;
  let failed: Error | undefined;
  const fail = (error: Error) => {
    failed ??= error;
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };
  return new Promise((resolve, reject) => {
    const self: JobWorker = {
      get pending() {
        return pending.size;
      },
      send: (message) => worker.postMessage(message),
      job(message, transfer = []) {
        if (failed !== undefined) return Promise.reject(failed);
        const id = nextJob++;
        return new Promise((res, rej) => {
          pending.set(id, { resolve: res, reject: rej });
          worker.postMessage({ ...message, id }, transfer);
        });
      },
      async stop() {
        fail(new Error(`${name} pool closed`));
        await worker.terminate();
      },
    };
    worker.on('message', ({ id, ...reply }: { id: number } & JobReply) => {
      if (id === -1) return typeof reply.error === 'string' ? reject(new Error(`${name} worker did not start: ${reply.error}`)) : resolve(self);
      const waiting = pending.get(id);
      pending.delete(id);
      if (waiting === undefined) return;
      if (typeof reply.error === 'string') waiting.reject(errors.reply(reply.error, reply));
      else waiting.resolve(reply);
    });
    worker.on('error', (error) => {
      const wrapped = errors.thread(error instanceof Error ? error.message : String(error), error);
      fail(wrapped);
      reject(wrapped);
    });
    worker.on('exit', (code) => {
      const error = new Error(`${name} worker exited with code ${code}`);
      fail(error);
      reject(error);
    });
  });
}

/**
 * A worker that runs our own modules (it imports them with import-sibling.mjs) to take work off
 * this thread, and whose absence is no error: undefined when it did not start, and the caller
 * then does the work here.
 */
export function startHelperWorker(url: URL, name: string): Promise<JobWorker | undefined> {
  return startJobWorker(url, null, name, {
    reply: (message) => new Error(`${name} worker: ${message}`),
    thread: (message, cause) => new Error(`${name} worker thread: ${message}`, { cause }),
  }).catch(() => undefined);
}
