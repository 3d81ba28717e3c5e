/**
 * indexContentHash (scripts/build/seal/seal-group.ts) decides whether a group's published index
 * can stay: it must change whenever anything the index says (apart from its timing) changes, or
 * the sealing recipients do, and only then.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { IndexEntry } from '../../../scripts/feed/format.js';
import { indexContentHash } from '../../../scripts/build/seal/seal-group.js';

const entry = (n: number): IndexEntry => ({
  id: `ADV-2026-${String(n).padStart(4, '0')}`, revision: 2, modified: '2026-11-01T00:00:00Z', status: 'published',
  path: `items/${String(n).repeat(64).slice(0, 64)}.pgp`, size: 1000 + n, sha256: String(n).repeat(64).slice(0, 64),
});
const entries = [entry(1), entry(2), entry(3)];
const hashOf = (list: IndexEntry[], group = 'partners', publisher = 'F'.repeat(40), recipients = 'r'.repeat(64)) =>
  indexContentHash(group, publisher, recipients, list);

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

test('cannot be fooled by moving text between fields', () => {
  const a = { ...entry(1), id: 'ADV-1', modified: 'x"y' };
  const b = { ...entry(1), id: 'ADV-1","x', modified: 'y' };
  assert.is.not(hashOf([a]), hashOf([b]));
});

test.run();
