/**
 * Steps §8.10-§8.11 (feed-format) for an item whose bytes passed §8.8-§8.9: decrypt + signature
 * by the pinned key, parse, entry match, then its two mirror files rendered. In this thread, or,
 * when a run has many items, in an open pool (scripts/feed/openpgp/open-pool.ts) with one worker
 * per core, so that both cores work while this thread fetches and writes files.
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
import type { StagedFiles } from './staging.js';
import { verifyItemEntry } from './verify-item-entry.js';
import { verifySignature, type PollKeys } from './verify-signature.js';

export interface ItemVerifier {
  /** The mirror files of a verified item, or FeedError<PollCode>. */
  verify(entry: IndexEntry, bytes: Uint8Array): Promise<StagedFiles>;
  close(): Promise<void>;
}

export interface WorkerOptions {
  /** Worker threads; 0 verifies in this thread (default: one per core). */
  threads?: number;
  /**
   * Fewest items to start workers for (default 300): starting them costs ~0.1-0.2 s of CPU each,
   * while an item costs ~1-1.5 ms to open in this thread.
   */
  minItems?: number;
}

type EntryFields = Pick<IndexEntry, 'id' | 'revision' | 'status'>;

const ITEM_WORKER = new URL('./item-worker.mjs', import.meta.url);

export function createItemVerifier(keys: PollKeys, items: number, options: WorkerOptions = {}): ItemVerifier {
  const cache = createOpenCache(); // session keys of the run's headers (feed-format §5.3)
  const inThread = async (entry: IndexEntry, bytes: Uint8Array): Promise<StagedFiles> => {
    const plaintext = await verifySignature(bytes, keys, `item ${entry.path}`, cache);
    return renderFiles(verifyItemEntry(entry, parseItem(plaintext, entry.path)));
  };
  const threads = options.threads ?? defaultOpenThreads();
  if (threads <= 0 || items < (options.minItems ?? 300)) return { verify: inThread, async close() {} };
  // Started now, used when ready: the first downloads need not wait for the workers.
  const pool: Promise<OpenPool<EntryFields, StagedFiles> | undefined> = createOpenPool<EntryFields, StagedFiles>(keys, {
    threads, then: ITEM_WORKER, thenData: { schema: itemDocumentSchema },
  }).catch(() => undefined); // no workers: every item is verified in this thread
  let closing: Promise<void> | undefined;
  return {
    async verify(entry, bytes) {
      const workers = await pool;
      if (workers === undefined) return inThread(entry, bytes);
      const fields: EntryFields = { id: entry.id, revision: entry.revision, status: entry.status };
      return workers.open(bytes, fields).catch(() => inThread(entry, bytes));
    },
    close() {
      closing ??= pool.then((workers) => workers?.close());
      return closing;
    },
  };
}
