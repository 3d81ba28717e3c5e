/**
 * Step §8.11 (feed-format): the decrypted, signed item is the advisory its index entry
 * announces. Items name no group (one signature per view), so the id, revision, status and
 * modified time must agree with the signed index entry that listed the item's hash.
 */
import type { IndexEntry, ItemDocument } from '../feed/format.js';
import { pollError } from './errors.js';

export function verifyItemEntry(entry: IndexEntry, item: ItemDocument): ItemDocument {
  const fields = ['id', 'revision', 'modified', 'status'] as const;
  for (const field of fields) {
    if (item[field] !== entry[field]) {
      throw pollError('ITEM_MISMATCH', `Expected ${field} ${JSON.stringify(entry[field])} in item ${entry.path} as its index entry says, got ${JSON.stringify(item[field])}.`, {
        hint: 'The publisher listed one advisory and served another; tell the publisher.',
      });
    }
  }
  return item;
}
