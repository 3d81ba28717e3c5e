/**
 * Canonical JSON (feed-format §4): object keys sorted by UTF-16 code units, no insignificant
 * whitespace, strings and numbers as ECMAScript's JSON.stringify writes them, UTF-8. The same
 * value always gives the same bytes, so an unchanged plaintext keeps its hash (and its file).
 */
import { FeedError, type FormatCode } from './errors.js';

/**
 * Serialises `value` canonically. Accepts plain objects, arrays, strings, finite numbers,
 * booleans and null; properties whose value is `undefined` are left out (as JSON.stringify
 * does). Anything else (NaN, Infinity, bigint, Date, Map, functions, cycles) throws FORMAT_INVALID.
 */
export function canonicalJson(value: unknown): string {
  return write(value, '$', new Set());
}

/** canonicalJson as UTF-8 bytes: what is signed, sealed and hashed. */
export function canonicalBytes(value: unknown): Uint8Array {
  return new TextEncoder().encode(canonicalJson(value));
}

function write(value: unknown, at: string, open: Set<object>): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw notJson(at, String(value));
    return JSON.stringify(value);
  }
  if (typeof value !== 'object') throw notJson(at, typeof value);
  if (open.has(value)) throw notJson(at, 'a cycle');
  open.add(value);
  try {
    if (Array.isArray(value)) {
      return `[${value.map((item, i) => {
        if (item === undefined) throw notJson(`${at}[${i}]`, 'undefined');
        return write(item, `${at}[${i}]`, open);
      }).join(',')}]`;
    }
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) throw notJson(at, (value as object).constructor?.name ?? 'an exotic object');
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record).filter((k) => record[k] !== undefined).sort(compareCodeUnits);
    return `{${keys.map((k) => `${JSON.stringify(k)}:${write(record[k], `${at}.${k}`, open)}`).join(',')}}`;
  } finally {
    open.delete(value);
  }
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
