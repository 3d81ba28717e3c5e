/**
 * The cache key of a view: SHA-256 of the canonical JSON of everything in it (a view names no
 * group), so two groups that see the same text, metadata and top tier share one render and one
 * signature.
 *
 * `known` may give the canonical JSON of values of the view that were put together from parts
 * serialised once per advisory (its metadata and its Markdown, make-view.ts), so they are not
 * serialised again for every view. The bytes hashed are exactly canonicalJson's either way
 * (test/build/plan-view-hash.test.ts), so every field of the view is covered, and hashes stay
 * what they were in versions that serialised every view whole.
 */
import { createHash } from 'node:crypto';
import type { AdvisoryView } from '../view.js';
import { canonicalJson } from '../../feed/canonical-json.js';

/** The canonical JSON of `value` if it is already known, else undefined. */
export type KnownJson = (value: unknown) => string | undefined;

export function hashView(view: Omit<AdvisoryView, 'viewHash'>, known?: KnownJson): string {
  const json = known === undefined ? canonicalJson(view) : writeKnown(view as Record<string, unknown>, known);
  return createHash('sha256').update(json, 'utf8').digest('hex');
}

/**
 * canonicalJson(record), taking what `known` gives for its values as given: keys sorted by UTF-16
 * code units, undefined left out, strings and finite numbers as JSON.stringify writes them
 * (feed-format §4); other values are canonicalJson's, which also refuses what is not JSON.
 */
function writeKnown(record: Record<string, unknown>, known: KnownJson): string {
  const keys = Object.keys(record)
    .filter((k) => record[k] !== undefined)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${keys.map((k) => `${JSON.stringify(k)}:${known(record[k]) ?? plainJson(record[k])}`).join(',')}}`;
}

/** canonicalJson of a record of strings and numbers (release dates). */
export function recordOfJson(record: Record<string, unknown>): string {
  return writeKnown(record, () => undefined);
}

function plainJson(value: unknown): string {
  return typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value)) ? JSON.stringify(value) : canonicalJson(value);
}

/**
 * A record's canonical JSON in parts: `fixed` fields serialised now, the `slots` given later
 * (each time, as canonical JSON; a slot's value in `fixed`, if any, is ignored). For the
 * metadata of an advisory's views, which differ only in their release dates and revisions.
 */
export function recordJson<S extends string>(fixed: Record<string, unknown>, slots: readonly S[]): (json: Record<S, string>) => string {
  const isSlot = (k: string): k is S => (slots as readonly string[]).includes(k);
  const entries = [...Object.keys(fixed).filter((k) => fixed[k] !== undefined && !isSlot(k)), ...slots]
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((k) => (isSlot(k) ? { slot: k, text: `${JSON.stringify(k)}:` } : { slot: undefined, text: `${JSON.stringify(k)}:${plainJson(fixed[k])}` }));
  return (json) => `{${entries.map((e) => (e.slot === undefined ? e.text : e.text + json[e.slot])).join(',')}}`;
}
