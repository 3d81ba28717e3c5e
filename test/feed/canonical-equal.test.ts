import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { canonicalEqual } from '../../scripts/feed/canonical-equal.js';
import { canonicalJson } from '../../scripts/feed/canonical-json.js';

const equal = suite('canonicalEqual: the same canonical JSON, without writing it');

/** JSON values over a few keys and leaves, so that equal pairs, undefined properties and -0 are common. */
const { value } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom<unknown>(0, -0, 1, 1.5, '', 'a', '1', true, false, null),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom('a', 'b', '1', '__proto__'), fc.option(tie('value'), { nil: undefined, freq: 3 }), { maxKeys: 3 }),
  ),
}));

/** A deep copy with every object's keys in reverse order. */
function reversed(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(reversed);
  if (v === null || typeof v !== 'object') return v;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(v).reverse()) Object.defineProperty(copy, key, { value: reversed((v as Record<string, unknown>)[key]), enumerable: true, writable: true, configurable: true });
  return copy;
}

equal('agrees with comparing canonicalJson strings, for any two values', () => {
  fc.assert(fc.property(value, value, (a, b) => canonicalEqual(a, b) === (canonicalJson(a) === canonicalJson(b))), { numRuns: 3000 });
});

equal('finds a value equal to a copy with its keys in another order, and to itself', () => {
  fc.assert(fc.property(value, (a) => canonicalEqual(a, reversed(a)) && canonicalEqual(reversed(a), a) && canonicalEqual(a, a)), { numRuns: 1000 });
});

equal('counts an undefined property as absent, and 0 as -0, as canonicalJson writes them', () => {
  assert.ok(canonicalEqual({ a: 1, b: undefined }, { a: 1 }));
  assert.ok(canonicalEqual({ a: 1 }, { a: 1, b: undefined }));
  assert.ok(canonicalEqual({ n: -0 }, { n: 0 }));
  assert.not.ok(canonicalEqual({ a: 1 }, { a: 1, b: null }));
  assert.not.ok(canonicalEqual({ a: '1' }, { a: 1 }));
  assert.not.ok(canonicalEqual([1, 2], [2, 1]));
  assert.not.ok(canonicalEqual({}, []));
});

equal('is false for anything canonicalJson refuses, so that it is still reported', () => {
  assert.not.ok(canonicalEqual(Number.NaN, Number.NaN));
  assert.not.ok(canonicalEqual({ n: Number.POSITIVE_INFINITY }, { n: Number.POSITIVE_INFINITY }));
  assert.not.ok(canonicalEqual({ d: new Date(0) }, { d: new Date(0) }));
  assert.not.ok(canonicalEqual({ m: new Map() }, { m: new Map() }));
  assert.not.ok(canonicalEqual([undefined], [undefined]));
  assert.not.ok(canonicalEqual(10n, 10n));
  const f = () => 1;
  assert.not.ok(canonicalEqual(f, f));
  const one: Record<string, unknown> = {};
  one.self = one;
  const two: Record<string, unknown> = {};
  two.self = two;
  assert.not.ok(canonicalEqual(one, two)); // a cycle ends, unequal
});

equal('takes one object as equal to itself without looking into it (the states share their objects)', () => {
  const shared = { items: { 'ADV-1': { sha256: 'a'.repeat(64), size: 1 } } };
  assert.ok(canonicalEqual({ g: shared, sequence: 1 }, { sequence: 1, g: shared }));
  assert.not.ok(canonicalEqual({ g: shared, sequence: 1 }, { g: shared, sequence: 2 }));
});

equal.run();
