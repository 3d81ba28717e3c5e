/**
 * What the plan stage hands to render and seal: one advisory as one audience may see it.
 * Everything in a view is safe to show to that audience; nothing downstream filters again.
 */
import type { Advisory } from '../content/types.js';

/** The advisory's metadata as an audience may see it (release dates of higher tiers removed). */
export type ViewMetadata = Omit<Advisory, 'segments' | 'source' | 'lines'>;

export interface AdvisoryView {
  /** Group id (the public group's id for the public tier). */
  group: string;
  /** The tiers whose text this view includes, lowest first. */
  tiers: string[];
  /** Highest tier included: drives the CSAF TLP label. */
  topTier: string;
  advisory: ViewMetadata;
  /** The Markdown this audience may see: base text plus visible sections, fences removed. */
  markdown: string;
  /** `advisory.revisions.length`, at least 1 (feed-format §3.2). */
  revision: number;
  /** Date of the latest revision (or release, when there is none). */
  modified: string;
  status: 'published' | 'withdrawn';
  /**
   * SHA-256 of the canonical JSON of everything above except `group`: the cache key for render and
   * seal. Two groups that see the same view share one render and one signed plaintext.
   */
  viewHash: string;
}
