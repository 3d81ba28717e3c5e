/** Failures of the public-site renderer. Messages name ids and paths, never advisory text. */
import { FeedError, type FeedErrorOptions } from '../../feed/errors.js';

export type PublicCode =
  | 'PUBLIC_RENDER_FAILED' // Eleventy failed; `cause` is its error
  | 'PUBLIC_VIEW_NOT_PUBLIC' // a view whose top tier is not the program's public tier reached renderPublic
  | 'PUBLIC_PATH_CLASH'; // two advisories map to the same output path

export function publicError(code: PublicCode, message: string, options: FeedErrorOptions = {}): FeedError<PublicCode> {
  return new FeedError<PublicCode>(code, message, options);
}
