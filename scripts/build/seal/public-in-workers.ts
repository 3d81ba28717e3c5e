/**
 * The public tier's files written by the seal pool's workers (SealPool.writeFiles), each signed
 * file with its detached signature, as the workers write the items they seal. Only into an empty
 * --out (the first build): there every file is new, so a worker can create it under its own name
 * (never over an existing one) and the write journal removes it again if the build fails. Later
 * builds replace files through the journal in the build's thread (temp + rename).
 *
 * Why: in the cold build at 10,000 advisories the build's thread renders the public tier with
 * Eleventy while the workers are mostly idle, and writing ~54,000 files through fs/promises (open,
 * write, close: three hops to the thread pool each) took ~4-6 s of that thread (docs/build.md).
 */
import path from 'node:path';
import type { WorkerSealPool } from '../../feed/openpgp.js';
import { runBounded } from '../../feed/run-bounded.js';
import type { PublicFile } from '../public/index.js';
import { fromWorkerWrite } from '../write/write-failed.js';

/** Files per job: enough to amortise a message, few enough to keep both workers busy. */
const FILES_PER_JOB = 32;

/** Where the files go (as ItemFiles in seal-items.ts). */
export interface PublicTarget {
  /** Makes folder `rel` (the journal makes each once) and returns its absolute path; fails as a WriteStepError. */
  folder(rel: string): Promise<string>;
  /** Writes down files (relative to --out) before a worker writes them (write/touched-log.ts). */
  intend(rels: readonly string[]): void;
  /** Records a file a worker wrote (relative to --out), so a failed build removes it. */
  written(rel: string): void;
}

/**
 * Writes `files` (and the signatures of the signed ones) by the pool's workers, `lanes` jobs at
 * once. A failed job removes its own files; the jobs in flight settle before the failure is
 * thrown, and every file of a job that succeeded is recorded, so the rollback finds them all.
 */
export async function writePublicInWorkers(pool: WorkerSealPool, files: readonly PublicFile[], target: PublicTarget, lanes: number): Promise<void> {
  const jobs: PublicFile[][] = [];
  for (let start = 0; start < files.length; start += FILES_PER_JOB) jobs.push(files.slice(start, start + FILES_PER_JOB));
  await runBounded(jobs, lanes, async (job) => {
    const toWrite = await Promise.all(job.map(async (file) => ({
      path: path.join(await target.folder(path.posix.dirname(file.path)), path.posix.basename(file.path)),
      data: file.data,
      sign: file.sign,
    })));
    target.intend(job.flatMap((file) => (file.sign ? [file.path, `${file.path}.asc`] : [file.path])));
    try {
      await pool.writeFiles(toWrite);
    } catch (error) {
      throw fromWorkerWrite(error);
    }
    for (const file of job) {
      target.written(file.path);
      if (file.sign) target.written(`${file.path}.asc`);
    }
  });
}
