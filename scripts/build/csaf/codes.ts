/**
 * Failures of the CSAF renderer. Messages name tiers and ids, never advisory text.
 */
import { FeedError, type FeedErrorOptions } from '../../feed/errors.js';

export type CsafCode =
  | 'CSAF_TIER_UNKNOWN' // the view's top tier is not in program.tiers
  | 'CSAF_TLP_INVALID'; // a tier's `tlp` is not a TLP 1.0 or 2.0 label

export function csafError(code: CsafCode, message: string, options: FeedErrorOptions = {}): FeedError<CsafCode> {
  return new FeedError<CsafCode>(code, message, options);
}
