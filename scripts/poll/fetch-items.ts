/**
 * Steps §8.8-§8.11 (feed-format) for every item the plan needs: size cap known before download
 * and no more than the listed size read (§8.8, §3.4), size + SHA-256 (§8.8, §8.9), decrypt +
 * signature + parse (§8.10), id/revision/status (§8.11) (item-verifier.ts). Each verified item
 * goes to the staging folder (staging.ts); the mirror is written only once every item passed.
 * On the first failure no new download starts, the ones in flight finish, and that failure is
 * thrown.
 */
import type { IndexEntry } from '../feed/format.js';
import { pollError } from './errors.js';
import type { FeedLocation } from './feed-location.js';
import type { Fetcher } from './fetcher.js';
import { checkRelativePath } from '../feed/paths.js';
import { verifyItemBytes } from './verify-item-bytes.js';
import type { ItemVerifier } from './item-verifier.js';
import { runBounded } from '../feed/run-bounded.js';

export interface ItemFetchOptions {
  location: FeedLocation;
  fetcher: Fetcher;
  /** Largest item accepted, bytes, whatever the index says. */
  maxItemBytes: number;
  /** Parallel downloads. */
  concurrency: number;
  /** §8.10-§8.11 and staging, in this thread or in workers (item-verifier.ts). */
  verifier: ItemVerifier;
}

/** Fetches, verifies and stages every entry; resolves with the ids staged, in entry order. */
export async function fetchItems(entries: IndexEntry[], options: ItemFetchOptions): Promise<string[]> {
  // On the first failure no new fetch starts and those in flight settle before it is thrown.
  await runBounded(entries, options.concurrency, (entry) => fetchItem(entry, options));
  return entries.map((e) => e.id);
}

async function fetchItem(entry: IndexEntry, options: ItemFetchOptions): Promise<void> {
  // feed-format §8.8: the size is known before download; refuse absurd ones outright.
  if (entry.size > options.maxItemBytes) {
    throw pollError('ITEM_TOO_LARGE', `Expected items of at most ${options.maxItemBytes} bytes, got ${entry.id} listed at ${entry.size} bytes.`, {
      hint: 'Raise --max-item-bytes if the publisher really ships items this large.',
    });
  }
  const url = new URL(checkRelativePath(entry.path), options.location.base); // feed-format §2.3
  // Reading one byte past the listed size is enough to know it is wrong (truncation is step 6).
  const result = await options.fetcher.fetch({ url, maxBytes: entry.size, tooLargeCode: 'ITEM_TOO_LARGE' });
  if (result.status !== 'ok') throw pollError('HTTP_STATUS', `Expected ${url.href}, got "not modified" to an unconditional request.`);
  await options.verifier.verify(entry, verifyItemBytes(entry, result.body));
}
