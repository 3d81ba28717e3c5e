/**
 * Steps §8.8-§8.11 (feed-format) for every item the plan needs: size cap known before download
 * and no more than the listed size read (§8.8, §3.4), size + SHA-256 (§8.8, §8.9), decrypt +
 * signature + parse (§8.10), id/revision/status (§8.11). Everything stays in memory until all items passed:
 * nothing is written unless every check did.
 */
import type { IndexEntry, ItemDocument } from '../feed/format.js';
import { pollError } from './errors.js';
import type { FeedLocation } from './feed-location.js';
import type { Fetcher } from './fetcher.js';
import { checkRelativePath } from '../feed/paths.js';
import { parseItem } from './parse-documents.js';
import { verifyItemBytes } from './verify-item-bytes.js';
import { verifyItemEntry } from './verify-item-entry.js';
import { verifySignature, type PollKeys } from './verify-signature.js';

export interface VerifiedItem {
  entry: IndexEntry;
  item: ItemDocument;
}

export interface ItemFetchOptions {
  location: FeedLocation;
  fetcher: Fetcher;
  keys: PollKeys;
  /** Largest item accepted, bytes, whatever the index says. */
  maxItemBytes: number;
  /** Parallel downloads. */
  concurrency: number;
}

export async function fetchItems(entries: IndexEntry[], options: ItemFetchOptions): Promise<VerifiedItem[]> {
  const results: VerifiedItem[] = new Array(entries.length);
  let next = 0;
  const worker = async () => {
    while (next < entries.length) {
      const position = next++;
      results[position] = await fetchItem(entries[position] as IndexEntry, options);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, entries.length) }, worker));
  return results;
}

async function fetchItem(entry: IndexEntry, options: ItemFetchOptions): Promise<VerifiedItem> {
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
  const bytes = verifyItemBytes(entry, result.body);
  const plaintext = await verifySignature(bytes, options.keys, `item ${entry.path}`);
  const item = verifyItemEntry(entry, parseItem(plaintext, entry.path));
  return { entry, item };
}
