import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { canonicalBytes, canonicalJson, canonicalJsonParts } from '../../scripts/feed/canonical-json.js';
import { sha256Hex } from '../../scripts/feed/hash.js';
import { throwsWithCode } from '../helpers/assert.js';

test('sorts keys at every depth and writes no whitespace', () => {
  assert.is(canonicalJson({ b: 1, a: [{ z: true, y: null }, 'x'], c: { e: 'f', d: 2.5 } }), '{"a":[{"y":null,"z":true},"x"],"b":1,"c":{"d":2.5,"e":"f"}}');
});

test('gives identical bytes for equal values built in another key order', () => {
  const one = canonicalBytes({ id: 'ADV-2026-0001', title: 'Ünïcode ✓', n: [1, 2] });
  const two = canonicalBytes({ n: [1, 2], title: 'Ünïcode ✓', id: 'ADV-2026-0001' });
  assert.is(sha256Hex(one), sha256Hex(two));
  assert.is(new TextDecoder().decode(one), '{"id":"ADV-2026-0001","n":[1,2],"title":"Ünïcode ✓"}');
});

test('sorts keys by UTF-16 code units and escapes as JSON.stringify does', () => {
  assert.is(canonicalJson({ 'é': 1, Z: 2, a: 3, '\u{1F600}': 4 }), '{"Z":2,"a":3,"é":1,"\u{1F600}":4}');
  assert.is(canonicalJson('line\nbreak "quoted" \u0001'), '"line\\nbreak \\"quoted\\" \\u0001"');
});

test('leaves out undefined properties', () => {
  assert.is(canonicalJson({ a: undefined, b: 1 }), '{"b":1}');
});

test('rejects values JSON cannot carry with FORMAT_INVALID', () => {
  throwsWithCode(() => canonicalJson({ n: Number.NaN }), 'FORMAT_INVALID');
  throwsWithCode(() => canonicalJson({ d: new Date(0) }), 'FORMAT_INVALID');
  throwsWithCode(() => canonicalJson([undefined]), 'FORMAT_INVALID');
  throwsWithCode(() => canonicalJson({ b: 10n }), 'FORMAT_INVALID');
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  throwsWithCode(() => canonicalJson(cyclic), 'FORMAT_INVALID');
});

test('allows the same object twice when it is not a cycle', () => {
  const shared = { x: 1 };
  assert.is(canonicalJson({ a: shared, b: shared }), '{"a":{"x":1},"b":{"x":1}}');
});

test('sha256Hex is lower-case hex of the UTF-8 bytes', () => {
  assert.is(sha256Hex('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  assert.is(sha256Hex(new TextEncoder().encode('abc')), sha256Hex('abc'));
});

test('writes integer-like keys in code-unit order too (V8 would put them first, numerically)', () => {
  assert.is(canonicalJson({ b: 1, 10: 'ten', 9: 'nine', a: { 2: true, '02': false } }), '{"10":"ten","9":"nine","a":{"02":false,"2":true},"b":1}');
});

test('keeps a "__proto__" key as a property, as JSON.parse made it', () => {
  assert.is(canonicalJson(JSON.parse('{"b":2,"__proto__":{"a":1}}')), '{"__proto__":{"a":1},"b":2}');
});

/** The definition of feed-format §4, written the plain way: what the fast path must equal. */
function reference(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(reference).join(',')}]`;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).filter((k) => record[k] !== undefined).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${keys.map((k) => `${JSON.stringify(k)}:${reference(record[k])}`).join(',')}}`;
}

/** `value` rebuilt with every object's keys inserted in code-unit order. */
function inKeyOrder(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(inKeyOrder);
  const record = value as Record<string, unknown>;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(record).sort()) Object.defineProperty(copy, key, { value: inKeyOrder(record[key]), enumerable: true, writable: true, configurable: true });
  return copy;
}

test('a value built in key order is written as JSON.stringify writes it; a bad one is still refused', () => {
  const ordered = { a: [{ x: 1, y: 'z' }], b: null, c: { d: true } };
  assert.is(canonicalJson(ordered), JSON.stringify(ordered));
  throwsWithCode(() => canonicalJson({ a: 1, b: Number.POSITIVE_INFINITY }), 'FORMAT_INVALID');
  throwsWithCode(() => canonicalJson({ a: [1, undefined] }), 'FORMAT_INVALID');
  throwsWithCode(() => canonicalJson({ a: { b: () => 1 } }), 'FORMAT_INVALID');
  const deep: Record<string, unknown> = {};
  let at = deep;
  for (let i = 0; i < 200; i++) at = (at.a = {}) as Record<string, unknown>; // deeper than the as-is check goes
  assert.is(canonicalJson(deep), reference(deep));
  // A bad value under an out-of-order root is found and named whether its siblings are in order or not.
  assert.throws(() => canonicalJson({ z: { a: 1, b: 2 }, a: { c: [1, Number.NaN] } }), (e: Error) => /\$\.a\.c\[1\]/.test(e.message));
});

test('gives the bytes of the plain definition for any JSON value (property, 500 cases)', () => {
  const key = fc.oneof(fc.string(), fc.constantFrom('0', '1', '10', '9', '01', '-1', '4294967295', '__proto__', 'a'));
  const json = fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: 'small' }, fc.constant(null), fc.boolean(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }), tie('array'), tie('object')),
    array: fc.array(tie('value'), { maxLength: 5 }),
    object: fc.dictionary(key, fc.option(tie('value'), { nil: undefined }), { maxKeys: 6 }),
  }));
  fc.assert(fc.property(json.value, (value) => canonicalJson(value) === reference(value)), { numRuns: 500 });
  // Built with keys already in order (the as-is path, unless an integer-like key moves first).
  fc.assert(fc.property(json.value, (value) => canonicalJson(inKeyOrder(value)) === reference(value)), { numRuns: 500 });
  // A root out of order over values built in order (an item document over its CSAF): the values
  // are used as they are, the bytes stay the definition's.
  const outOfOrder = (record: Record<string, unknown>) => {
    const copy: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(inKeyOrder(record) as Record<string, unknown>).reverse()) Object.defineProperty(copy, k, { value: v, enumerable: true, writable: true, configurable: true });
    return copy;
  };
  fc.assert(fc.property(fc.dictionary(key, json.value, { minKeys: 2, maxKeys: 6 }), (record) => canonicalJson(outOfOrder(record)) === reference(record)), { numRuns: 500 });
  // In pieces, at any depth: the same bytes once joined.
  fc.assert(fc.property(json.value, fc.integer({ min: 0, max: 4 }), (value, depth) => canonicalJsonParts(value, depth).join('') === reference(value)), { numRuns: 500 });
});

test('in pieces: objects split key by key down to the depth asked, a bad value named by its place', () => {
  assert.equal(canonicalJsonParts({ b: { y: [1, { 2: 0, 10: 1 }], x: 'q' }, a: 1, c: undefined }, 2), ['{', '"a":', '1', ',"b":', '{', '"x":', '"q"', ',"y":', '[1,{"10":1,"2":0}]', '}', '}']);
  assert.equal(canonicalJsonParts([{ a: 1 }], 3), ['[{"a":1}]']);
  const error = throwsWithCode(() => canonicalJsonParts({ groups: { g: { n: Number.NaN } } }, 2), 'FORMAT_INVALID');
  assert.match(error.message, /at \$\.groups\.g\.n, got NaN/);
});

test.run();
