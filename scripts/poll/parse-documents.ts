/**
 * Steps §8.3 and §8.10 (feed-format): the verified plaintexts parsed with scripts/feed's strict
 * parsers (§3), their FormatCode kept as the cause of the client's code: INDEX_INVALID for the
 * index, ITEM_MISMATCH for an item. The index must also name the pinned publisher (§8.2, §3.1).
 */
import { isFeedError } from '../feed/errors.js';
import type { GroupIndex, ItemDocument } from '../feed/format.js';
import { parseGroupIndex, parseItemDocument } from '../feed/parse-documents.js';
import { pollError } from './errors.js';

export function parseIndex(plaintext: Uint8Array, pinnedFingerprint: string): GroupIndex {
  let index: GroupIndex;
  try {
    index = parseGroupIndex(plaintext);
  } catch (error) {
    throw pollError('INDEX_INVALID', `Expected a valid group index (feed-format §3.1), got ${causeOf(error)}.`, {
      cause: error,
      hint: isFeedError(error, 'FORMAT_VERSION') ? 'Upgrade advisory-feed to read this feed.' : 'The publisher signed a malformed index; tell the publisher.',
    });
  }
  if (index.publisher !== pinnedFingerprint) {
    throw pollError('INDEX_INVALID', `Expected publisher ${pinnedFingerprint} in the index, got ${index.publisher}.`, {
      hint: 'The index names another publisher key than the one you pinned; tell the publisher.',
    });
  }
  return index;
}

export function parseItem(plaintext: Uint8Array, path: string): ItemDocument {
  try {
    return parseItemDocument(plaintext, path);
  } catch (error) {
    throw pollError('ITEM_MISMATCH', `Expected a valid item document in ${path} (feed-format §3.3), got ${causeOf(error)}.`, {
      cause: error,
      hint: 'The publisher signed a malformed item; tell the publisher.',
    });
  }
}

function causeOf(error: unknown): string {
  return isFeedError(error) ? `${error.code}: ${error.message}` : String(error);
}
