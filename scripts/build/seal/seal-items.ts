/**
 * The new items of every group, sealed together (feed-format §5.3): each distinct view that some
 * group needs anew is rendered once, signed once and sealed under each of those groups' session
 * keys, by the seal pool (worker threads on every core). Each sealed item is written as soon as
 * it exists (a new content-addressed file that no index names yet, through the write journal, so
 * a failed build removes it again): memory holds a few items in flight, not the whole feed.
 */
import type { Sealer, SealPool } from '../../feed/openpgp.js';
import { sha256Hex } from '../../feed/hash.js';
import { itemPath } from '../../feed/paths.js';
import type { RenderedViews } from '../render.js';
import type { AdvisoryView } from '../view.js';
import { runBounded } from '../../feed/run-bounded.js';
import type { GroupWork } from './seal-group.js';

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

interface ViewJob {
  view: AdvisoryView;
  targets: { work: GroupWork; index: number }[];
}

export async function sealItems(works: readonly GroupWork[], options: {
  rendered: RenderedViews;
  pool: SealPool;
  /** Views in flight at once (each holds its plaintext and sealed files until written). */
  concurrency: number;
  files: ReadonlySet<string>;
  /** Writes a new item file (relative to --out). */
  write: (rel: string, data: Uint8Array) => Promise<void>;
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
  await runBounded([...jobs.values()], options.concurrency, async ({ view, targets }) => {
    const { plaintext, plaintextHash } = options.rendered.get(view);
    const sealers = await Promise.all(targets.map((t) => t.work.sealer()));
    for (const sealer of sealers) headers.add(sealer);
    const sealed = await options.pool.sealForAll(plaintext, sealers);
    for (const [k, { work, index }] of targets.entries()) {
      const bytes = sealed[k] as Uint8Array;
      const sha256 = sha256Hex(bytes);
      const item = { plaintext: plaintextHash, sha256, size: bytes.length, view: view.viewHash }; // keys in canonical order
      const rel = `${work.folder}/${itemPath(sha256)}`;
      // Same name = same bytes (the name is their hash): a file already there stays as it is.
      if (!options.files.has(rel)) await options.write(rel, bytes);
      work.items[index] = item;
      work.sealed++;
    }
    options.onProgress?.(++done, jobs.size);
  });
  return { items: works.reduce((n, w) => n + w.sealed, 0), views: jobs.size, headers: headers.size };
}
