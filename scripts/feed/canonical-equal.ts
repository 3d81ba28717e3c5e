/**
 * Whether two values have the same canonical JSON (canonical-json.ts), found without writing
 * either: the build compares its new state with the previous one this way, and only serialises,
 * hashes and seals it when it changed (~0.3 s of a no-op rebuild at 10,000 advisories, ~3 s and
 * ~1 GB of short-lived strings at 50,000).
 *
 * The same JSON value is the same canonical JSON: keys in any order, a property whose value is
 * `undefined` counted as absent (canonicalJson leaves it out), numbers equal as numbers (0 and -0
 * both write "0"). Anything canonicalJson refuses (NaN, Infinity, a Date, a Map, a function, an
 * `undefined` in an array, a cycle) makes the answer false, so the caller's canonicalJson then
 * reports it; the one exception is a value compared with itself, which is equal without being
 * looked into (the build's states share most of their objects).
 */

/** Deeper than any document we write; a cycle ends here as `false`. */
const MAX_DEPTH = 64;

export function canonicalEqual(a: unknown, b: unknown): boolean {
  return equalAt(a, b, 0);
}

function equalAt(a: unknown, b: unknown, depth: number): boolean {
  if (a === b) return typeof a === 'object' || typeof a === 'string' || typeof a === 'boolean' || (typeof a === 'number' && Number.isFinite(a));
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || depth > MAX_DEPTH) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) {
      if (a[i] === undefined || !equalAt(a[i], b[i], depth + 1)) return false;
    }
    return true;
  }
  if (!isPlain(a) || !isPlain(b)) return false;
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  let count = 0;
  for (const key of Object.keys(left)) {
    const value = left[key];
    if (value === undefined) continue;
    count++;
    if (!Object.hasOwn(right, key) || !equalAt(value, right[key], depth + 1)) return false;
  }
  for (const key of Object.keys(right)) if (right[key] !== undefined) count--;
  return count === 0;
}

function isPlain(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
