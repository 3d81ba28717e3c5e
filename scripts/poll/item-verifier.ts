/**
 * Steps §8.10-§8.11 (feed-format) for an item whose bytes passed §8.8-§8.9: decrypt + signature
 * by the pinned key, parse, entry match, then its two mirror files rendered and staged. In this thread, or,
 * when a run has many items, in an open pool (scripts/feed/openpgp/open-pool.ts), so that every
 * core works while this thread fetches.
 *
 * The pool runs the same checks (item-worker.mjs). When it refuses an item, or a worker fails,
 * the item is verified again here by the one canonical path, which throws the typed
 * FeedError<PollCode> (SIGNATURE_INVALID, ITEM_MISMATCH) a run without workers throws; should it
 * pass here, its result is used: only a check of this thread or an identical one accepts.
 */
import type { IndexEntry } from '../feed/format.js';
import { createOpenCache, createOpenPool, defaultOpenThreads, type OpenPool } from '../feed/openpgp.js';
import { itemDocumentSchema } from '../feed/schemas.js';
import { parseItem } from './parse-documents.js';
import { renderFiles } from './render-markdown.mjs';
import type { StagedPaths, Staging } from './staging.js';
import { verifyItemEntry } from './verify-item-entry.js';
import { verifySignature, type PollKeys } from './verify-signature.js';

export interface ItemVerifier {
  /** Verifies an item and stages its mirror files (staging.ts), or throws FeedError<PollCode>. */
  verify(entry: IndexEntry, bytes: Uint8Array): Promise<void>;
  close(): Promise<void>;
}

export interface WorkerOptions {
  /**
   * Worker threads; 0 verifies in this thread (default: one per core but one, which this thread
   * needs: it fetches, hashes and hands out every item. At 10,000 items on 2 cores, 1 worker
   * synced in ~10.0 s, 2 in ~10.6 s, 3 in ~10.9 s).
   */
  threads?: number;
  /**
   * Fewest items to start workers for (default 300): starting them costs ~0.1-0.2 s of CPU each,
   * while an item costs ~1-1.5 ms to open in this thread.
   */
  minItems?: number;
}

/** A job of item-worker.mjs: what the item must be, and where its files go once it passed. */
type ItemJob = { entry: Pick<IndexEntry, 'id' | 'revision' | 'modified' | 'status'>; paths: StagedPaths };

/** Item workers starting (undefined once they failed to: every item is then verified in this thread). */
export type ItemWorkers = Promise<OpenPool<ItemJob, null> | undefined>;

const ITEM_WORKER = new URL('./item-worker.mjs', import.meta.url);
const MIN_ITEMS = 300;
/**
 * Fewer bytes than any index entry takes: with every field at its shortest (feed-format §3.2),
 * an entry is 259 characters of JSON. An index smaller than `minItems` of these cannot list
 * enough items for workers (a guess for speed only: the plan decides whether they are used).
 */
export const ENTRY_BYTES_AT_LEAST = 256;

/**
 * Starts the workers before the run knows how many items it fetches (pipeline.ts, on a first
 * sync): they take ~0.3 s to start, the time it takes to verify and parse a large index. Returns
 * undefined when the run cannot need them: no worker threads, or an index of `indexBytes` too small.
 */
export function startItemWorkers(keys: PollKeys, indexBytes: number, options: WorkerOptions = {}): ItemWorkers | undefined {
  if (indexBytes < (options.minItems ?? MIN_ITEMS) * ENTRY_BYTES_AT_LEAST) return undefined;
  return startWorkers(keys, options);
}

/** The workers, or undefined when `options` asks for none. */
function startWorkers(keys: PollKeys, options: WorkerOptions): ItemWorkers | undefined {
  const threads = options.threads ?? Math.max(1, defaultOpenThreads() - 1);
  if (threads <= 0) return undefined;
  return createOpenPool<ItemJob, null>(keys, { threads, then: ITEM_WORKER, thenData: { schema: itemDocumentSchema } })
    .catch(() => undefined); // no workers: every item is verified in this thread
}

/** Stops workers started early that the run does not use. */
export async function stopItemWorkers(workers: ItemWorkers | undefined): Promise<void> {
  await (await workers)?.close();
}

/** `started`: workers from startItemWorkers, which the verifier then owns (and stops when not needed). */
export function createItemVerifier(keys: PollKeys, staging: Staging, items: number, options: WorkerOptions = {}, started?: ItemWorkers): ItemVerifier {
  const cache = createOpenCache(); // session keys of the run's headers (feed-format §5.3)
  const inThread = async (entry: IndexEntry, bytes: Uint8Array): Promise<void> => {
    const plaintext = await verifySignature(bytes, keys, `item ${entry.path}`, cache);
    await staging.put(entry.id, renderFiles(verifyItemEntry(entry, parseItem(plaintext, entry.path)), plaintext));
  };
  const few = items < (options.minItems ?? MIN_ITEMS);
  // Started now (or earlier), used when ready: the first downloads need not wait for the workers.
  const pool = few ? undefined : (started ?? startWorkers(keys, options));
  if (pool === undefined) {
    const stopping = stopItemWorkers(started);
    return { verify: inThread, close: () => stopping };
  }
  let closing: Promise<void> | undefined;
  return {
    async verify(entry, bytes) {
      const workers = await pool;
      if (workers === undefined) return inThread(entry, bytes);
      const job: ItemJob = { entry: { id: entry.id, revision: entry.revision, modified: entry.modified, status: entry.status }, paths: staging.pathsOf(entry.id) };
      // A refusal (or a failed write) is judged again here, by the one canonical path.
      return workers.open(bytes, job).then(() => staging.adopt(entry.id), () => inThread(entry, bytes));
    },
    close() {
      closing ??= pool.then((workers) => workers?.close());
      return closing;
    },
  };
}
