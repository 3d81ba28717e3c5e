/**
 * Failures of `advisory-feed build`. Every one is a FeedError<BuildCode> with a hint; a wrapped
 * failure keeps its `cause`. Messages never quote advisory text: they name ids, groups and paths.
 */
import { FeedError, type FeedErrorOptions } from '../feed/errors.js';

export type BuildCode =
  | 'BUILD_CONTENT_INVALID' // validate found problems; `cause` is an AggregateError of them
  | 'BUILD_NO_RECIPIENTS' // a non-public group is left with no usable recipient key
  | 'BUILD_KEY_MISSING' // the signing key file or variable names nothing
  | 'BUILD_KEY_INVALID' // the signing key does not parse, is public only, or stays locked
  | 'BUILD_KEY_NO_ENCRYPTION' // the signing key cannot encrypt the build state to itself
  | 'BUILD_LOCKED' // another build holds the output folder
  | 'BUILD_LOCK_LOST' // this build stalled, another took the output folder over: stopped, nothing undone
  | 'BUILD_WRITE_FAILED' // a file could not be written; the previous output was restored
  | 'BUILD_ROLLBACK_INCOMPLETE' // a build failed, and undoing its writes failed too (the next build repairs them)
  | 'BUILD_STATE_INVALID' // .state.pgp does not open with the signing key or does not parse
  | 'BUILD_INDEX_TOO_LARGE' // a sealed group index would exceed what clients accept (feed-format §3.4)
  | 'BUILD_OPTION_INVALID'; // --now, --out, --root make no sense

export type BuildError = FeedError<BuildCode>;

export function buildError(code: BuildCode, message: string, options: FeedErrorOptions = {}): BuildError {
  return new FeedError<BuildCode>(code, message, options);
}
