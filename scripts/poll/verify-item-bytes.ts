/**
 * Steps §8.8 and §8.9 (feed-format): an item's bytes are exactly what the signed index lists,
 * size first (cheap; catches truncation) then SHA-256. This binds each item to this index and
 * group: an item from another time or another group has another hash.
 */
import type { IndexEntry } from '../feed/format.js';
import { sha256Hex } from '../feed/hash.js';
import { pollError } from './errors.js';

export function verifyItemBytes(entry: IndexEntry, bytes: Uint8Array): Uint8Array {
  if (bytes.byteLength !== entry.size) {
    throw pollError('ITEM_SIZE_MISMATCH', `Expected ${entry.size} bytes for ${entry.id} (${entry.path}), got ${bytes.byteLength}.`, {
      hint: 'The item is truncated or replaced on the server; poll tries again on its next run. Tell the publisher if it persists.',
    });
  }
  const actual = sha256Hex(bytes);
  if (actual !== entry.sha256) {
    throw pollError('ITEM_HASH_MISMATCH', `Expected SHA-256 ${entry.sha256} for ${entry.id} (${entry.path}), got ${actual}.`, {
      hint: 'The item does not match the signed index (tampering or a mixed-up cache); tell the publisher.',
    });
  }
  return bytes;
}
