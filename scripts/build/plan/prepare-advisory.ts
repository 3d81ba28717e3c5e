/**
 * What every view of one advisory shares, worked out once per plan run instead of once per view
 * (10 groups see up to ~3 distinct views of each advisory; at 10,000 advisories the per-view
 * copying and re-serialising was ~1 s of a rebuild). Pure: the advisory is read, never changed.
 *
 * Views hold the advisory's own metadata values (products, revisions, ...) instead of copies: the
 * content model is read-only once loaded (load-content.ts freezes it), and a view's hash is taken
 * in the same synchronous plan run as the canonical JSON of those values (`metadataJson`), so the
 * hash is always of what the view holds.
 */
import type { Advisory, Revision, Segment } from '../../content/types.js';
import { canonicalJson } from '../../feed/canonical-json.js';
import type { ViewMetadata } from '../view.js';
import { recordJson } from './view-hash.js';
import { rankOf, type TierRanks } from './visibility.js';

export interface PreparedAdvisory {
  advisory: Advisory;
  /** Rank of the advisory's own tier (the lowest that may ever see it). */
  low: number;
  /** Release dates of known tiers, in content order; `at` in milliseconds (NaN when unparsable). */
  releases: { tier: string; rank: number; at: number; date: string }[];
  /** Every metadata field but `release` (views add it last, cut); `revisions` may be replaced. */
  metadata: Omit<ViewMetadata, 'release'>;
  /** The revisions with their dates in milliseconds, oldest first. */
  revisions: { at: number; revision: Revision }[];
  /**
   * The Markdown a view up to this tier rank shows, and its JSON (views of one rank share it).
   * `markdown` puts the text together again on each call, from the advisory's sections: a view
   * keeps this function, not a copy of its text (see make-view.ts). `json` is made on its
   * first call: a view whose hash is known (view-hash-cache.ts) never needs it.
   */
  markdownUpTo: (rank: number) => { markdown: () => string; json: () => string };
  /** The canonical JSON of a view's metadata: `metadata` with the view's release dates and revisions. */
  metadataJson: (json: { release: string; revisions: string }) => string;
  /** canonicalJson of `metadata.revisions`: what most views show. */
  revisionsJson: () => string;
}

export function prepareAdvisory(advisory: Advisory, ranks: TierRanks): PreparedAdvisory {
  const { segments, source: _source, lines: _lines, release, ...metadata } = advisory;
  const releases: PreparedAdvisory['releases'] = [];
  for (const [tier, date] of Object.entries(release)) {
    const rank = ranks.get(tier);
    if (rank !== undefined) releases.push({ tier, rank, at: Date.parse(date), date });
  }
  // Made on first use: a view whose hash is known (view-hash-cache.ts) needs neither.
  let metadataRecord: ((json: { release: string; revisions: string }) => string) | undefined;
  let revisionsJson: string | undefined;
  return {
    advisory,
    low: rankOf(ranks, advisory.tier),
    releases,
    metadata,
    revisions: advisory.revisions.map((revision) => ({ at: Date.parse(revision.date), revision })),
    markdownUpTo: markdownOf(segments.map((segment) => ({ rank: rankOf(ranks, segment.tier ?? advisory.tier), segment }))),
    metadataJson: (json) => (metadataRecord ??= recordJson(metadata, ['release', 'revisions'] as const))(json),
    revisionsJson: () => (revisionsJson ??= canonicalJson(metadata.revisions)),
  };
}

/**
 * Base text and the sections up to a rank, in order: leading blank lines and trailing space of
 * each dropped, blank ones left out, one blank line apart. JSON.stringify escapes each character
 * on its own (a surrogate pair never spans the "\n\n" between two sections), so the JSON of the
 * whole is the JSON of its parts, each escaped once per advisory, joined the same way.
 *
 * Nothing here holds the text: a section reads it from its file when asked (source-text.ts, for
 * advisories from a build's cache), and a view that is never rendered never asks.
 */
function markdownOf(segments: { rank: number; segment: Segment }[]): PreparedAdvisory['markdownUpTo'] {
  const escaped = new Map<Segment, string>(); // a part's JSON, made once per advisory
  const made = new Map<number, { markdown: () => string; json: () => string }>();
  return (rank) => {
    let result = made.get(rank);
    if (result === undefined) {
      const kept = segments.filter((s) => s.rank <= rank).map((s) => s.segment);
      let json: string | undefined;
      result = { markdown: joined(kept), json: () => (json ??= jsonOf(kept, escaped)) };
      made.set(rank, result);
    }
    return result;
  };
}

/** The sections' texts as a view shows them, blank ones left out. */
function partsOf(segments: readonly Segment[]): { segment: Segment; text: string }[] {
  return segments.flatMap((segment) => {
    const text = segment.markdown.replace(/^(?:[ \t]*\n)+/, '').trimEnd();
    return text === '' ? [] : [{ segment, text }];
  });
}

/**
 * The texts one blank line apart, ending with a newline, made on each call. Made out here so that
 * it keeps only the sections: a function made in markdownOf would also keep markdownOf's
 * variables (the parts' JSON and every rank's result) as long as a view lives.
 */
function joined(segments: readonly Segment[]): () => string {
  return () => {
    const parts = partsOf(segments);
    return parts.length === 0 ? '' : `${parts.map((p) => p.text).join('\n\n')}\n`;
  };
}

function jsonOf(segments: readonly Segment[], escaped: Map<Segment, string>): string {
  const parts = partsOf(segments);
  if (parts.length === 0) return '""';
  const json = parts.map(({ segment, text }) => {
    let part = escaped.get(segment);
    if (part === undefined) escaped.set(segment, (part = JSON.stringify(text).slice(1, -1)));
    return part;
  });
  return `"${json.join('\\n\\n')}\\n"`;
}
