/**
 * What the plan stage hands to render and seal: one advisory as one audience may see it.
 * Everything in a view is safe to show to that audience; nothing downstream filters again.
 * A view names no group: groups that see the same text, metadata and top tier share one view
 * object (plan/index.ts), and each GroupPlan says whose views it holds.
 */
import type { Advisory } from '../content/types.js';

/** The advisory's metadata as an audience may see it (release dates of higher tiers removed). */
export type ViewMetadata = Omit<Advisory, 'segments' | 'source' | 'lines'>;

export interface AdvisoryView {
  /** The tiers whose text this view includes, lowest first. */
  tiers: string[];
  /** Highest tier included: drives the CSAF TLP label. */
  topTier: string;
  advisory: ViewMetadata;
  /**
   * The Markdown this audience may see: base text plus visible sections, fences removed. A view
   * made by the plan puts it together again on each read (make-view.ts), so no copy made to render
   * it outlives the render.
   */
  markdown: string;
  /** `advisory.revisions.length`, at least 1 (feed-format §3.2). */
  revision: number;
  /** Date of the latest revision (or release, when there is none). */
  modified: string;
  status: 'published' | 'withdrawn';
  /**
   * SHA-256 of the canonical JSON of everything above: the cache key for render and seal. Two
   * groups that see the same view share one render and one signed plaintext.
   */
  viewHash: string;
}
