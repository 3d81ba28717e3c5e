/**
 * The new items of every group, sealed together (feed-format §5.3): each distinct view that some
 * group needs anew is rendered once, signed once and sealed under each of those groups' session
 * keys, by the seal pool (worker threads on every core). Each sealed item is written as soon as
 * it exists (a new content-addressed file that no index names yet, recorded in the write journal,
 * so a failed build removes it again): memory holds a few items in flight, not the whole feed.
 * Worker threads write the items they seal themselves (SealPool.sealInto); the build's thread
 * writes them when it seals alone.
 */
import { type InThreadSealPool, type Sealer, type SealPool, type WorkerSealPool } from '../../feed/openpgp.js';
import { sha256Hex } from '../../feed/hash.js';
import { ITEMS_FOLDER, itemPath } from '../../feed/paths.js';
import type { RenderedViews } from '../render.js';
import type { AdvisoryView } from '../view.js';
import { runBounded } from '../../feed/run-bounded.js';
import { fromWorkerWrite, WriteStepError } from '../write/write-failed.js';
import type { GroupWork } from './seal-group.js';
import type { FileSet } from '../list-output.js';

/** What sealing the new items took (the build's --json `sealing`; the bench's sealing line). */
export interface SealingFigures {
  /** Item files sealed (one per group that needed a view anew). */
  items: number;
  /** Distinct views among them, each rendered and signed once. */
  views: number;
  /** Recipient headers (session keys) the items were sealed under: one per group that got new items. */
  headers: number;
  /** Wall time (seal.ts): starting the workers, rendering, signing, encrypting and writing included. */
  ms: number;
}

/** Where new item files go (paths relative to --out). */
export interface ItemFiles {
  /** Writes a new item file in this thread (a failure is thrown as a WriteStepError). */
  write(rel: string, data: Uint8Array): Promise<void>;
  /** Makes folder `rel` (once) for a worker to write items into; returns its absolute path (as write fails). */
  folder(rel: string): Promise<string>;
  /** Records an item file a worker wrote. */
  written(rel: string): void;
}

interface ViewJob {
  view: AdvisoryView;
  targets: { work: GroupWork; index: number }[];
}

export async function sealItems(works: readonly GroupWork[], options: {
  rendered: RenderedViews;
  pool: SealPool;
  /** Views in flight at once (each holds its plaintext and sealed files until written). */
  concurrency: number;
  files: FileSet;
  items: ItemFiles;
  onProgress?: (done: number, total: number) => void;
}): Promise<Omit<SealingFigures, 'ms'>> {
  const jobs = new Map<string, ViewJob>();
  for (const work of works) {
    work.items.forEach((item, index) => {
      if (item !== undefined) return;
      const view = work.plan.views[index] as AdvisoryView;
      let job = jobs.get(view.viewHash);
      if (job === undefined) jobs.set(view.viewHash, (job = { view, targets: [] }));
      job.targets.push({ work, index });
    });
  }
  let done = 0;
  const headers = new Set<Sealer>();
  // The views of one advisory one after another: those that show the same text share its HTML (render.ts).
  const byAdvisory = [...jobs.values()].sort((a, b) => (a.view.advisory.id < b.view.advisory.id ? -1 : a.view.advisory.id > b.view.advisory.id ? 1 : 0));
  await runBounded(byAdvisory, options.concurrency, async ({ view, targets }) => {
    const { plaintext, plaintextHash } = options.rendered.get(view);
    const sealers = await Promise.all(targets.map((t) => t.work.sealer()));
    for (const sealer of sealers) headers.add(sealer);
    const { pool } = options;
    const files = pool.sealInto === undefined
      ? await sealHere(pool, plaintext, sealers, targets, options)
      : await sealInWorker(pool, plaintext, sealers, targets, options);
    for (const [k, { work, index }] of targets.entries()) {
      const { sha256, size } = files[k] as { sha256: string; size: number };
      work.items[index] = { plaintext: plaintextHash, sha256, size, view: view.viewHash }; // keys in canonical order
      work.sealed++;
    }
    options.onProgress?.(++done, jobs.size);
  });
  return { items: works.reduce((n, w) => n + w.sealed, 0), views: jobs.size, headers: headers.size };
}

type Targets = ViewJob['targets'];

async function sealHere(pool: InThreadSealPool, plaintext: Uint8Array, sealers: Sealer[], targets: Targets, options: { files: FileSet; items: ItemFiles }) {
  const sealed = await pool.sealForAll(plaintext, sealers);
  const files = [];
  for (const [k, { work }] of targets.entries()) { // one at a time: nothing left writing if one fails
    const bytes = sealed[k] as Uint8Array;
    const sha256 = sha256Hex(bytes);
    const rel = `${work.folder}/${itemPath(sha256)}`;
    // Same name = same bytes (the name is their hash): a file already there stays as it is.
    if (!options.files.has(rel)) await options.items.write(rel, bytes);
    files.push({ sha256, size: bytes.length });
  }
  return files;
}

async function sealInWorker(pool: WorkerSealPool, plaintext: Uint8Array, sealers: Sealer[], targets: Targets, options: { files: FileSet; items: ItemFiles }) {
  const folders = await Promise.all(targets.map(({ work }) => options.items.folder(`${work.folder}/${ITEMS_FOLDER}`)));
  let files;
  try {
    files = await pool.sealInto(plaintext, sealers, folders);
  } catch (error) {
    throw fromWorkerWrite(error);
  }
  for (const [k, { work }] of targets.entries()) {
    const { sha256, created } = files[k] as { sha256: string; created: boolean };
    const rel = `${work.folder}/${itemPath(sha256)}`;
    if (created) options.items.written(rel);
    else if (!options.files.has(rel)) throw new WriteStepError(Object.assign(new Error(`EEXIST: file already exists, open '${rel}'`), { code: 'EEXIST', path: rel }));
  }
  return files;
}
