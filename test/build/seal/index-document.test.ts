/**
 * scripts/build/seal/index-document.ts: an index's bytes, written from each entry's canonical
 * JSON, are exactly canonicalBytes of the index; indexContentHash decides whether a group's
 * published index can stay: it must change whenever anything the index says (apart from its
 * timing) changes, or the sealing recipients do, and only then.
 */
import { createHash } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { IndexEntry } from '../../../scripts/feed/format.js';
import fc from 'fast-check';
import { encodeIndex, entryJson, indexContentHash } from '../../../scripts/build/seal/index-document.js';
import { canonicalBytes } from '../../../scripts/feed/canonical-json.js';
import { FORMAT_VERSION, type GroupIndex } from '../../../scripts/feed/format.js';

const entry = (n: number): IndexEntry => ({
  id: `ADV-2026-${String(n).padStart(4, '0')}`, revision: 2, modified: '2026-11-01T00:00:00Z', status: 'published',
  path: `items/${String(n).repeat(64).slice(0, 64)}.pgp`, size: 1000 + n, sha256: String(n).repeat(64).slice(0, 64),
});
const entries = [entry(1), entry(2), entry(3)];
const hashOf = (list: IndexEntry[], group = 'partners', publisher = 'F'.repeat(40), recipients = 'r'.repeat(64)) =>
  indexContentHash(group, publisher, recipients, list.map(entryJson));

test('is the same for the same content, built anew', () => {
  assert.is(hashOf(entries), hashOf(entries.map((e) => ({ ...e }))));
});

test('changes with any field of any entry', () => {
  const changes: Partial<IndexEntry>[] = [
    { id: 'ADV-2026-9999' }, { revision: 3 }, { modified: '2026-11-02T00:00:00Z' }, { status: 'withdrawn' },
    { path: `items/${'e'.repeat(64)}.pgp` }, { size: 1 }, { sha256: 'e'.repeat(64) },
  ];
  const seen = new Set([hashOf(entries)]);
  for (const change of changes) {
    for (const at of [0, 2]) {
      const changed = entries.map((e, i) => (i === at ? { ...e, ...change } : e));
      const hash = hashOf(changed);
      assert.not.ok(seen.has(hash), `${JSON.stringify(change)} at ${at}`);
      seen.add(hash);
    }
  }
});

test('changes with the order, an added or a removed entry, the group, publisher or recipients', () => {
  const base = hashOf(entries);
  for (const other of [
    hashOf([entries[1] as IndexEntry, entries[0] as IndexEntry, entries[2] as IndexEntry]), hashOf([...entries, entry(4)]), hashOf(entries.slice(1)),
    hashOf(entries, 'trusted'), hashOf(entries, 'partners', 'A'.repeat(40)), hashOf(entries, 'partners', 'F'.repeat(40), 's'.repeat(64)),
  ]) assert.is.not(other, base);
});

test('hashes each entry and a newline after the head, however many entries there are', () => {
  for (const count of [0, 1, 255, 256, 257, 1000]) {
    const list = Array.from({ length: count }, (_, i) => entry(i));
    const expected = createHash('sha256')
      .update(`index-content/3\n${JSON.stringify([FORMAT_VERSION, 'partners', 'F'.repeat(40), 'r'.repeat(64)])}\n`)
      .update(list.map((e) => `${entryJson(e)}\n`).join(''))
      .digest('hex');
    assert.is(hashOf(list), expected, `${count} entries`);
  }
});

test('cannot be fooled by moving text between fields', () => {
  const a = { ...entry(1), id: 'ADV-1', modified: 'x"y' };
  const b = { ...entry(1), id: 'ADV-1","x', modified: 'y' };
  assert.is.not(hashOf([a]), hashOf([b]));
});

test('an index is written exactly as canonicalBytes writes it, for any text in its fields (property)', () => {
  const text = fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), fc.constantFrom('', '"', '\\', '\n', '\u2028', '\ud800'));
  const count = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER });
  const anEntry = fc.record({ id: text, revision: count, modified: text, status: text, path: text, size: count, sha256: text }) as fc.Arbitrary<IndexEntry>;
  const anIndex = fc.record({ expires: text, generated: text, group: text, publisher: text, sequence: count, items: fc.array(anEntry, { maxLength: 4 }) });
  fc.assert(fc.property(anIndex, (fields) => {
    const index: GroupIndex = { ...fields, format: FORMAT_VERSION };
    const { items, ...head } = index;
    return Buffer.from(encodeIndex(head, items.map(entryJson))).equals(Buffer.from(canonicalBytes(index)));
  }), { numRuns: 300 });
});

test('refuses a count that is not a non-negative integer instead of writing null', () => {
  assert.throws(() => entryJson({ ...entry(1), size: Number.NaN }), /size/);
  assert.throws(() => entryJson({ ...entry(1), revision: 1.5 }), /revision/);
  assert.throws(() => encodeIndex({ expires: '', format: FORMAT_VERSION, generated: '', group: 'g', publisher: 'P', sequence: -1 }, []), /sequence/);
});

test.run();
