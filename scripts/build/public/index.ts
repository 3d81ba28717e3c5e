/**
 * CONTRACT STUB (owned by the public-site/CSAF work): renders the public tier.
 * Input: the public audience's views only (already filtered by plan). Output: the files to write,
 * relative to --out. The write stage adds a detached `.asc` beside every file with `sign: true`.
 */
import type { Program } from '../../content/types.js';
import type { AdvisoryView } from '../view.js';

export interface PublicFile {
  /** Relative to --out, forward slashes, e.g. `index.html`, `feed.json`, `.well-known/csaf/...`. */
  path: string;
  data: Uint8Array;
  /** Write a detached OpenPGP signature beside it as `<path>.asc`. */
  sign: boolean;
}

export interface PublicContext {
  program: Program;
  /** ISO date-time of the build (`--now`). */
  now: string;
  publisher: { fingerprint: string; armored: string };
}

export async function renderPublic(_views: AdvisoryView[], _context: PublicContext): Promise<PublicFile[]> {
  return [];
}
