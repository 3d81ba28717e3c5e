/**
 * One advisory as one group may see it at `now` (pure). Sections of tiers above the view are cut
 * from the Markdown source here, before anything renders it, so no trace of them (text, heading
 * ids, link definitions, sizes) can reach a lower audience downstream.
 *
 * Views are frozen: their hash is computed once, here, and must stay true of them. They share the
 * advisory's metadata values with each other and with the (frozen) content model.
 */
import type { Program } from '../../content/types.js';
import type { AdvisoryView, ViewMetadata } from '../view.js';
import type { PreparedAdvisory } from './prepare-advisory.js';
import { rankOf, type TierRanks, type Visibility } from './visibility.js';
import { hashView, recordOfJson } from './view-hash.js';
import { canonicalJson } from '../../feed/canonical-json.js';

/**
 * `ceiling`: groupCeiling of the group, the highest tier whose release date it may see.
 * `knownHash`: the view's hash as an earlier plan of the same advisory file, program and plan
 * code worked it out for the same visibility and ceiling (view-hash-cache.ts); hashed here if not.
 */
export function makeView(prepared: PreparedAdvisory, seen: Visibility, program: Program, ranks: TierRanks, ceiling: number, knownHash?: string): AdvisoryView {
  const { advisory } = prepared;
  const tiers = program.tiers.filter((t) => t.rank >= prepared.low && t.rank <= seen.topRank).map((t) => t.name);
  const { markdown: markdownText, json: markdownJson } = prepared.markdownUpTo(seen.topRank);
  const status = advisory.status === 'withdrawn' ? 'withdrawn' : 'published';
  // Revisions from before this group could see the advisory are not shown to it: their dates and
  // notes ("initial notification with PoC") would tell a lower audience that a higher tier was told
  // first, and when (as a higher tier's release date would; see metadataFor).
  const shown = prepared.revisions.filter((r) => r.at >= seen.since);
  // All of them (the usual case): the advisory's own array, whose canonical JSON is known.
  const revisions = shown.length === prepared.revisions.length ? prepared.metadata.revisions : Object.freeze(shown.map((r) => r.revision));
  const lastRevision = revisions.at(-1)?.date;
  const modified = lastRevision !== undefined && Date.parse(lastRevision) > seen.since ? lastRevision : seen.sinceDate;
  const view: Omit<AdvisoryView, 'viewHash'> = {
    tiers: Object.freeze(tiers) as string[],
    topTier: seen.topTier,
    advisory: metadataFor(prepared, revisions as ViewMetadata['revisions'], ceiling, ranks),
    // Read here only to hash it; the frozen view reads it through its getter (frozenView).
    markdown: knownHash === undefined ? markdownText() : '',
    // feed-format §3.2: revision >= 1 (1 for the first publication); `revisions:` is optional in
    // the content, and a 0 here would make every client refuse the whole index (INDEX_INVALID).
    revision: Math.max(1, revisions.length),
    modified,
    status,
  };
  // `markdown` is read through a getter that puts the text together again (the same string each
  // time): rendering makes a flat copy of a string it reads, and a view that held its text would
  // keep that copy until the build ends (up to three views of ~2.6 KB an advisory).
  return frozenView(view, knownHash ?? hashOf(view, prepared, revisions as ViewMetadata['revisions'], markdownJson), markdownText);
}

/** hashView of `view`, given the JSON its advisory's views share (prepare-advisory.ts). */
function hashOf(view: Omit<AdvisoryView, 'viewHash'>, prepared: PreparedAdvisory, revisions: ViewMetadata['revisions'], markdownJson: () => string): string {
  const metadataJson = prepared.metadataJson({
    release: recordOfJson(view.advisory.release),
    revisions: revisions === prepared.metadata.revisions ? prepared.revisionsJson() : canonicalJson(revisions),
  });
  const known = (value: unknown) => (value === view.advisory ? metadataJson : value === view.markdown ? markdownJson() : undefined);
  return hashView(view, known);
}

/** Where a view's `markdown` getter finds the function that puts its text together. */
const MARKDOWN_TEXT = Symbol('markdown text');

/** The one `markdown` getter of every view. */
function readMarkdown(this: { [MARKDOWN_TEXT]: () => string }): string {
  return this[MARKDOWN_TEXT]();
}

/**
 * The view as the plan hands it out: its fields in the order above, then `viewHash`, frozen, with
 * `markdown` an enumerable getter. Every view gets the same getter function, its own text function
 * in a non-enumerable symbol property, and its properties in the same order, so all views share
 * one hidden class. (A getter closure per view gave each view its own hidden class and property
 * arrays: ~0.4 KB a view, ~25 MB of the heap at 20,000 advisories.)
 */
function frozenView(view: Omit<AdvisoryView, 'viewHash'>, viewHash: string, markdownText: () => string): AdvisoryView {
  const fields = view as unknown as Record<string, unknown>;
  const frozen: Record<string | symbol, unknown> = {};
  for (const key of Object.keys(fields)) {
    if (key === 'markdown') Object.defineProperty(frozen, key, { get: readMarkdown, enumerable: true });
    else frozen[key] = fields[key];
  }
  frozen.viewHash = viewHash;
  Object.defineProperty(frozen, MARKDOWN_TEXT, { value: markdownText });
  return Object.freeze(frozen) as unknown as AdvisoryView;
}

/**
 * Front matter as data for the group: everything but the body and the source positions, and no
 * release date of a tier above the group's highest tier (that would tell a lower audience that a
 * higher tier exists and when it was told). Dates of lower tiers stay: a partner needs the public
 * date, which is the end of its embargo.
 */
function metadataFor(prepared: PreparedAdvisory, revisions: ViewMetadata['revisions'], ceiling: number, ranks: TierRanks): ViewMetadata {
  const release: Record<string, string> = {};
  for (const [tier, date] of Object.entries(prepared.advisory.release)) {
    if (rankOf(ranks, tier) <= ceiling) release[tier] = date;
  }
  // Same key order as the content (release last): templates and JSON see the fields as before.
  // Object.assign, not a spread: V8 gave every object spread from a metadata object (with
  // `revisions` replaced) a hidden class of its own, ~0.4 KB each and slow property reads
  // downstream; assigned, they share one per set of fields.
  return Object.freeze(Object.assign({}, prepared.metadata, { release: Object.freeze(release), revisions }));
}
