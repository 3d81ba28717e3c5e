/**
 * One advisory as one group may see it at `now` (pure). Sections of tiers above the view are cut
 * from the Markdown source here, before anything renders it, so no trace of them (text, heading
 * ids, link definitions, sizes) can reach a lower audience downstream.
 */
import type { Advisory, Group, Program } from '../../content/types.js';
import type { AdvisoryView, ViewMetadata } from '../view.js';
import { groupCeiling, rankOf, type TierRanks, type Visibility } from './visibility.js';
import { hashView } from './view-hash.js';

export function makeView(advisory: Advisory, group: Group, seen: Visibility, program: Program, ranks: TierRanks): AdvisoryView {
  const low = rankOf(ranks, advisory.tier);
  const tiers = program.tiers.filter((t) => t.rank >= low && t.rank <= seen.topRank).map((t) => t.name);
  const markdown = joinSegments(
    advisory.segments.filter((s) => rankOf(ranks, s.tier ?? advisory.tier) <= seen.topRank).map((s) => s.markdown),
  );
  const status = advisory.status === 'withdrawn' ? 'withdrawn' : 'published';
  // Revisions from before this group could see the advisory are not shown to it: their dates and
  // notes ("initial notification with PoC") would tell a lower audience that a higher tier was told
  // first, and when (as a higher tier's release date would; see metadataFor).
  const revisions = advisory.revisions.filter((r) => Date.parse(r.date) >= seen.since);
  const lastRevision = revisions.at(-1)?.date;
  const modified = lastRevision !== undefined && Date.parse(lastRevision) > seen.since ? lastRevision : seen.sinceDate;
  const view: Omit<AdvisoryView, 'viewHash'> = {
    group: group.id,
    tiers,
    topTier: seen.topTier,
    advisory: { ...metadataFor(advisory, groupCeiling(group, ranks), ranks), revisions: structuredClone(revisions) },
    markdown,
    // feed-format §3.2: revision >= 1 (1 for the first publication); `revisions:` is optional in
    // the content, and a 0 here would make every client refuse the whole index (INDEX_INVALID).
    revision: Math.max(1, revisions.length),
    modified,
    status,
  };
  return { ...view, viewHash: hashView(view) };
}

/**
 * Front matter as data for the group: everything but the body and the source positions, and no
 * release date of a tier above the group's highest tier (that would tell a lower audience that a
 * higher tier exists and when it was told). Dates of lower tiers stay: a partner needs the public
 * date, which is the end of its embargo.
 */
function metadataFor(advisory: Advisory, ceiling: number, ranks: TierRanks): ViewMetadata {
  const { segments: _segments, source: _source, lines: _lines, release, ...rest } = advisory;
  const visibleRelease: Record<string, string> = {};
  for (const [tier, date] of Object.entries(release)) {
    if (rankOf(ranks, tier) <= ceiling) visibleRelease[tier] = date;
  }
  return { ...structuredClone(rest), release: visibleRelease };
}

/** Base text and visible sections, in order; blank runs at the joins collapsed to one blank line. */
function joinSegments(parts: string[]): string {
  const kept = parts.map((p) => p.replace(/^(?:[ \t]*\n)+/, '').trimEnd()).filter((p) => p !== '');
  return kept.length === 0 ? '' : `${kept.join('\n\n')}\n`;
}
