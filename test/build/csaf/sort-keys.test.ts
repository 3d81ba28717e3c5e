import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sortKeys } from '../../../scripts/build/csaf/sort-keys.js';
import { buildDocumentNotes } from '../../../scripts/build/csaf/notes.js';
import { buildProductTree } from '../../../scripts/build/csaf/product-tree.js';
import { buildTracking } from '../../../scripts/build/csaf/tracking.js';
import { buildVulnerabilities } from '../../../scripts/build/csaf/vulnerabilities.js';
import { sampleProgram, sampleViews } from './sample-views.js';

/** Every object's keys, in the order JSON.stringify writes them. */
function keyOrders(value: unknown, out: string[][] = []): string[][] {
  if (Array.isArray(value)) value.forEach((item) => keyOrders(item, out));
  else if (value !== null && typeof value === 'object') {
    out.push(Object.keys(value));
    Object.values(value).forEach((item) => keyOrders(item, out));
  }
  return out;
}

test('sorts keys at every depth, inside arrays too, and keeps array order', () => {
  const sorted = sortKeys({ title: 't', notes: [{ title: 'b', category: 'x', text: 'y' }, { text: 'z', category: 'a' }], b: { z: 1, a: [3, 1, 2] } });
  assert.is(JSON.stringify(sorted), '{"b":{"a":[3,1,2],"z":1},"notes":[{"category":"x","text":"y","title":"b"},{"category":"a","text":"z"}],"title":"t"}');
});

test('returns a value already in order as it is, and copies only the path to what was not', () => {
  const inOrder = { a: [{ b: 1, c: 2 }], d: { e: null } };
  assert.is(sortKeys(inOrder), inOrder);
  const shared = Object.freeze({ x: 1, y: Object.freeze([Object.freeze({ p: 1, q: 2 })]) });
  const input = Object.freeze({ a: shared, list: Object.freeze([shared, Object.freeze({ z: 1, m: 2 })]) });
  const out = sortKeys(input) as { a: unknown; list: unknown[] };
  assert.is.not(out, input);
  assert.is(out.a, shared, 'an ordered branch is not copied');
  assert.is(out.list[0], shared);
  assert.equal(Object.keys(out.list[1] as object), ['m', 'z']);
  assert.equal(Object.keys(input.list[1] as object), ['z', 'm'], 'the frozen input is untouched');
});

test("toCsaf's builders write every object's keys in order, so this pass copies nothing", () => {
  const publisher = sampleProgram().publisher.name;
  for (const view of sampleViews()) {
    const products = buildProductTree(publisher, view.advisory.products, view.advisory.title);
    const built = [buildDocumentNotes(view), buildTracking(view), products.tree, buildVulnerabilities(view, products)];
    for (const keys of keyOrders(built)) assert.equal(keys, [...keys].sort(), `${view.advisory.id}: ${keys.join(',')}`);
  }
});

test.run();
