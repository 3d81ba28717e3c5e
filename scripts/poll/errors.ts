/**
 * Failures of `advisory-feed poll`. The names follow docs/feed-format.md (client error codes);
 * each verification step throws exactly one of them. The CLI maps NETWORK and HTTP_STATUS to exit
 * code 3 (the server, not the feed, is at fault: try again later) and every other code to 1.
 * The codes and their steps are docs/feed-format.md §12; the FormatCode or CryptoCode of the
 * layer below is kept as the `cause`.
 */
import { FeedError, type FeedErrorOptions } from '../feed/errors.js';

export type PollCode =
  | 'INDEX_TOO_LARGE' // the index response ran past the index cap (endless data)
  | 'ITEM_TOO_LARGE' // an item is listed or served larger than the item cap or its index size
  | 'SIGNATURE_INVALID' // index or item not signed by the pinned publisher key, or not decryptable
  | 'INDEX_INVALID' // not a valid group index, wrong `publisher`, or another format version
  | 'GROUP_MISMATCH' // the index belongs to another group than the one polled
  | 'ROLLBACK' // sequence lower than the last accepted, or same sequence with other content
  | 'FROZEN' // the index has expired (an old index served forever)
  | 'ITEM_SIZE_MISMATCH' // an item's byte length differs from its index entry (truncated or padded)
  | 'ITEM_HASH_MISMATCH' // an item's SHA-256 differs from its index entry (tampering, mix-and-match)
  | 'ITEM_MISMATCH' // the decrypted item's id/revision/status differ from its index entry
  | 'NETWORK' // connection failed, timed out or was cut, after retries
  | 'HTTP_STATUS' // the server answered an unexpected status, after retries
  | 'STATE_INVALID' // the state directory holds something poll did not write
  | 'STATE_LOCKED' // another poll run holds the state directory
  | 'MIRROR_WRITE_FAILED'; // writing the mirror or the state failed (disk full, permissions)

/** Codes that mean "the server or network failed", exit 3; everything else is a failure, exit 1. */
export const NETWORK_CODES: ReadonlySet<PollCode> = new Set(['NETWORK', 'HTTP_STATUS']);

export type PollError = FeedError<PollCode>;

/** Shorthand used by every step: `throw pollError('ROLLBACK', 'Expected ..., got ...', { hint })`. */
export function pollError(code: PollCode, message: string, options: FeedErrorOptions = {}): PollError {
  return new FeedError<PollCode>(code, message, options);
}
