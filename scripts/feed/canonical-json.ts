/**
 * Canonical JSON (feed-format §4): object keys sorted by UTF-16 code units, no insignificant
 * whitespace, strings and numbers as ECMAScript's JSON.stringify writes them, UTF-8. The same
 * value always gives the same bytes, so an unchanged plaintext keeps its hash (and its file).
 *
 * Made in two passes: a checked copy with every object's keys inserted in sorted order, then one
 * native JSON.stringify, which writes keys in insertion order. That is ~3x faster than joining
 * strings per value and holds one copy instead of every intermediate string (indexes, items and
 * the build state are all serialised this way). One exception: V8 iterates integer-like keys
 * ("0", "17") first and numerically, so a value with such a key is written by the slow path.
 * A value whose keys are already in order (built so, or parsed from canonical JSON) skips the
 * copy: one allocation-free check, then JSON.stringify of the value itself.
 */
import { FeedError, type FormatCode } from './errors.js';

/**
 * Serialises `value` canonically. Accepts plain objects, arrays, strings, finite numbers,
 * booleans and null; properties whose value is `undefined` are left out (as JSON.stringify
 * does). Anything else (NaN, Infinity, bigint, Date, Map, functions, cycles) throws FORMAT_INVALID.
 */
export function canonicalJson(value: unknown): string {
  return canonicalAt(value, '$');
}

/**
 * canonicalJson in pieces whose concatenation is exactly canonicalJson(value): plain objects down
 * to `depth` levels are written key by key, and each value below that in one piece. For a
 * document too big to copy whole (the build state: ~150 MB of JSON at 50,000 advisories), only
 * one piece's sorted copy exists at a time, and the pieces can be hashed without joining them.
 */
export function canonicalJsonParts(value: unknown, depth: number): string[] {
  const parts: string[] = [];
  const walk = (item: unknown, levels: number, at: string): void => {
    const proto = item !== null && typeof item === 'object' ? (Object.getPrototypeOf(item) as unknown) : undefined;
    if (levels <= 0 || Array.isArray(item) || (proto !== Object.prototype && proto !== null)) {
      parts.push(canonicalAt(item, at));
      return;
    }
    const record = item as Record<string, unknown>;
    const keys = Object.keys(record).filter((k) => record[k] !== undefined).sort(); // UTF-16 code units
    parts.push('{');
    keys.forEach((key, i) => {
      parts.push(`${i === 0 ? '' : ','}${JSON.stringify(key)}:`);
      walk(record[key], levels - 1, `${at}.${key}`);
    });
    parts.push('}');
  };
  walk(value, depth, '$');
  return parts;
}

/** canonicalJson, naming a bad value's place from `root` (`$` for the whole document). */
function canonicalAt(value: unknown, root: string): string {
  // Most values we serialise were built with their keys in order (or parsed from canonical
  // JSON): checking that allocates nothing, and then the value itself is what JSON.stringify
  // writes (~4x faster than the sorted copy for an index of 10,000 entries).
  if (isCanonicalAsIs(value, 0)) return JSON.stringify(value);
  const flags = { indexLikeKey: false };
  let sorted: unknown;
  try {
    sorted = sortedCopy(value, new Set(), flags, true);
  } catch (error) {
    if (!(error instanceof NotJson)) throw error;
    throw notJson(`${root}${error.at.reverse().join('')}`, error.got);
  }
  return flags.indexLikeKey ? write(value) : JSON.stringify(sorted);
}

/** canonicalJson as UTF-8 bytes: what is signed, sealed and hashed. */
export function canonicalBytes(value: unknown): Uint8Array {
  return new TextEncoder().encode(canonicalJson(value));
}

const INDEX_LIKE = /^(?:0|[1-9]\d*)$/;

/** Deeper than this, take the checked path (whose own recursion reports a bad value's place). */
const AS_IS_DEPTH = 64;

/**
 * True when JSON.stringify(value) is already canonical: only JSON values, every plain object's
 * keys in ascending code-unit order, none integer-like (V8 would move those first) and none
 * undefined. False says nothing about validity: sortedCopy then checks, copies and reports.
 */
function isCanonicalAsIs(value: unknown, depth: number): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (typeof value !== 'object' || depth > AS_IS_DEPTH) return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (!isCanonicalAsIs(value[i], depth + 1)) return false;
    return true;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) return false;
  const keys = Object.keys(value);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    if ((i > 0 && !((keys[i - 1] as string) < key)) || INDEX_LIKE.test(key)) return false;
    const item = (value as Record<string, unknown>)[key];
    if (item === undefined || !isCanonicalAsIs(item, depth + 1)) return false;
  }
  return true;
}

/** Thrown inside sortedCopy; the path to the bad value is collected on the way out, not built per value. */
class NotJson extends Error {
  readonly at: string[] = [];
  constructor(readonly got: string) {
    super(got);
  }
}

/**
 * Checks `value` is JSON (throws NotJson) and copies it with every object's keys in sorted order.
 * With `root`, the values of the root object that are canonical as they are (an item's CSAF
 * document, built sorted) are used as they are, not copied; asking only there keeps the check
 * from running again at every level of a value that fails it deep down.
 */
function sortedCopy(value: unknown, open: Set<object>, flags: { indexLikeKey: boolean }, root = false): unknown {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new NotJson(String(value));
    return value;
  }
  if (typeof value !== 'object') throw new NotJson(typeof value);
  if (open.has(value)) throw new NotJson('a cycle');
  open.add(value);
  let step = '';
  try {
    if (Array.isArray(value)) {
      const copy: unknown[] = new Array(value.length);
      for (let i = 0; i < value.length; i++) {
        step = `[${i}]`;
        if (value[i] === undefined) throw new NotJson('undefined');
        copy[i] = sortedCopy(value[i], open, flags);
      }
      return copy;
    }
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) throw new NotJson((value as object).constructor?.name ?? 'an exotic object');
    const record = value as Record<string, unknown>;
    // No prototype, so a "__proto__" key (JSON.parse makes it an own property) stays a property.
    const copy = Object.create(null) as Record<string, unknown>;
    for (const key of Object.keys(record).sort()) { // default sort: UTF-16 code units
      if (record[key] === undefined) continue;
      step = `.${key}`;
      if (INDEX_LIKE.test(key)) flags.indexLikeKey = true;
      const item = record[key];
      copy[key] = root && isCanonicalAsIs(item, 0) ? item : sortedCopy(item, open, flags);
    }
    return copy;
  } catch (error) {
    if (error instanceof NotJson && step !== '') error.at.push(step);
    throw error;
  } finally {
    open.delete(value);
  }
}

/** The slow path for values with integer-like keys; `value` was already checked by sortedCopy. */
function write(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(write).join(',')}]`;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).filter((k) => record[k] !== undefined).sort(compareCodeUnits);
  return `{${keys.map((k) => `${JSON.stringify(k)}:${write(record[k])}`).join(',')}}`;
}

/** Plain `<` on strings compares UTF-16 code units, which is what we want (RFC 8785 §3.2.3). */
function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function notJson(at: string, got: string): FeedError<FormatCode> {
  return new FeedError<FormatCode>('FORMAT_INVALID', `Expected a JSON value at ${at}, got ${got}`, {
    hint: 'Convert dates to ISO strings and drop non-JSON values before serialising.',
  });
}
