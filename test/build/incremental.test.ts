/**
 * Incremental builds: a no-op rebuild writes nothing; an edit rewrites only what it touches; a
 * change of a group's recipients reseals all of that group; sequences grow; indexes are re-issued
 * before they expire; orphans go after the grace period.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { GroupIndex } from '../../scripts/feed/format.js';
import { rejectsWithCode } from '../helpers/assert.js';
import { corpusKey } from '../helpers/corpus.js';
import { NOW, later, standardCorpus } from './corpus-fixture.js';
import { readAheadFor } from '../../scripts/build/load.js';
import { build, changed, openAs, snapshot, tempOut } from './fixture.js';

const incremental = suite('build: incremental');

incremental('a no-op rebuild writes 0 files and leaves every byte and mtime as it was, its state opened here or by a worker', async () => {
  const { corpus } = await standardCorpus();
  const out = await tempOut();
  const first = await build(corpus, out, NOW);
  assert.is(first.stateAside, false, 'no state to open');
  const before = await snapshot(out);
  for (const stateWorker of [undefined, true]) {
    const ctx = await build(corpus, out, later(1), stateWorker === undefined ? {} : { stateWorker });
    // A small state is opened here; opened by a worker, no read-ahead worker shares its core (load.ts).
    assert.is(ctx.stateAside, stateWorker === true);
    assert.is(readAheadFor(ctx), stateWorker === true ? false : undefined);
    assert.equal(ctx.written, []);
    assert.equal(await snapshot(out), before);
    assert.ok(ctx.report.every((r) => r.written === 0));
    // The state was read, and the context let go of its opened bytes (memory: read-state.ts).
    assert.ok(ctx.previous?.state !== undefined);
    assert.not.ok('stateOpening' in ctx);
  }
  await corpus.dispose();
});

incremental('editing one advisory rewrites only its items and the indexes of the groups that see it', async () => {
  const { corpus, keys } = await standardCorpus();
  const out = await tempOut();
  await build(corpus, out, NOW);
  const before = await snapshot(out);
  // ADV-2025-0003 is seen by `trusted` only (embargoed for the others at NOW).
  await corpus.advisory({
    id: 'ADV-2025-0003',
    title: 'Embargoed CANARY-0003-title',
    release: { poc: '2025-07-05T00:00:00Z', partner: '2025-07-20T00:00:00Z', public: '2025-08-01T00:00:00Z' },
    body: 'CANARY-0003-base, now with more detail.',
    sections: [{ tier: 'partner', text: 'CANARY-0003-partner' }],
  });
  const ctx = await build(corpus, out, later(1));
  const diff = changed(before, await snapshot(out));
  const newItems = diff.filter((f) => f.startsWith('groups/') && !f.endsWith('index.pgp'));
  assert.equal(diff.filter((f) => !newItems.includes(f)), ['.state-changes.pgp', 'groups/trusted/index.pgp']);
  assert.is(newItems.length, 1);
  assert.match(newItems[0] ?? '', /^groups\/trusted\/items\//);
  assert.is(ctx.report.find((r) => r.group === 'trusted')?.reused, 3);
  const index = (await openAs(keys.bolt, corpus.publisher, await readFile(path.join(out, 'groups/trusted/index.pgp')))) as GroupIndex;
  assert.is(index.sequence, 2);
  await corpus.dispose();
});

incremental('suspending a partner reseals every file of its group with a fresh session key; the partner reads none', async () => {
  const { corpus, keys } = await standardCorpus();
  const extra = await corpusKey({ name: 'Second' });
  await corpus.partner({ id: 'second', groups: ['partners'], keys: [extra] });
  const out = await tempOut();
  await build(corpus, out, NOW);
  const before = await snapshot(out);
  await corpus.partner({ id: 'second', groups: ['partners'], status: 'suspended', keys: [extra] });
  const ctx = await build(corpus, out, later(1));
  const after = await snapshot(out);
  const diff = changed(before, after);
  const partnersFiles = [...after.keys()].filter((f) => f.startsWith('groups/partners/'));
  const live = partnersFiles.filter((f) => !before.has(f) || f.endsWith('index.pgp'));
  assert.is(live.length, 4, 'new index + 3 resealed items');
  for (const f of live) assert.ok(diff.includes(f), f);
  assert.not.ok(diff.some((f) => f.startsWith('groups/trusted/')), 'other groups untouched');
  assert.is(ctx.report.find((r) => r.group === 'partners')?.reused, 0);
  for (const f of live) {
    const bytes = await readFile(path.join(out, f));
    await rejectsWithCode(openAs(extra, corpus.publisher, bytes), 'DECRYPT_FAILED');
    await openAs(keys.acme[0], corpus.publisher, bytes);
  }
  await corpus.dispose();
});

incremental('an index is re-issued with a higher sequence once half its validity has passed', async () => {
  const { corpus, keys } = await standardCorpus();
  const out = await tempOut();
  await build(corpus, out, NOW);
  // No release between NOW and +84 h for `partners` (0003 reaches partners on 07-20).
  assert.equal((await build(corpus, out, later(83))).written, []);
  const ctx = await build(corpus, out, later(85));
  assert.equal(ctx.written.sort(), ['.state-changes.pgp', 'groups/partners/index.pgp', 'groups/trusted/index.pgp']);
  const index = (await openAs(keys.acme[0], corpus.publisher, await readFile(path.join(out, 'groups/partners/index.pgp')))) as GroupIndex;
  assert.is(index.sequence, 2);
  assert.is(index.expires, new Date(Date.parse(later(85)) + 7 * 86400_000).toISOString());
  await corpus.dispose();
});

incremental('a published index that is not the one the state recorded is re-issued, its sequence at least the clock\'s', async () => {
  const { corpus, keys } = await standardCorpus();
  const out = await tempOut();
  await build(corpus, out, NOW);
  const file = path.join(out, 'groups/partners/index.pgp');
  const published = await readFile(file);
  const altered = Buffer.from(published);
  altered[altered.length - 1]! ^= 0x01; // same size, one bit changed: only its hash tells
  await writeFile(file, altered);
  const ctx = await build(corpus, out, later(1));
  assert.equal(ctx.written.sort(), ['.state-changes.pgp', 'groups/partners/index.pgp']);
  const index = (await openAs(keys.acme[0], corpus.publisher, await readFile(file))) as GroupIndex;
  // Its sequence is unknown (it may be newer than the state): above any a counter reached.
  assert.is(index.sequence, Math.floor(Date.parse(later(1)) / 1000));
  assert.equal((await build(corpus, out, later(2))).written, [], 'intact again: left alone');
  await corpus.advisory({ id: 'ADV-2025-0001', release: { public: '2025-07-08T00:00:00Z' }, body: 'Changed CANARY-0001-base' });
  await build(corpus, out, later(3));
  assert.is(((await openAs(keys.acme[0], corpus.publisher, await readFile(file))) as GroupIndex).sequence, index.sequence + 1, 'then one at a time');
  await corpus.dispose();
});

incremental('items no index names stay for the grace period, then go', async () => {
  const { corpus } = await standardCorpus();
  const out = await tempOut();
  await build(corpus, out, NOW);
  const first = await snapshot(out);
  await corpus.remove('advisories/ADV-2025-0002.md');
  await build(corpus, out, later(1));
  const kept = await snapshot(out);
  const gone = [...first.keys()].filter((f) => f.includes('/items/') && !kept.has(f));
  assert.equal(gone, [], 'nothing removed inside the grace period (2 days)');
  const ctx = await build(corpus, out, later(1 + 49));
  assert.is(ctx.removed.length, 2, 'the two items of ADV-2025-0002 (partners and trusted)');
  for (const f of ctx.removed) assert.not.ok((await snapshot(out)).has(f));
  await corpus.dispose();
});

incremental('without a state but with published indexes, sequences restart from the clock (never backwards)', async () => {
  const { corpus, keys } = await standardCorpus();
  const out = await tempOut();
  await build(corpus, out, NOW);
  const { rm } = await import('node:fs/promises');
  await rm(path.join(out, '.state.pgp'));
  const ctx = await build(corpus, out, later(1));
  assert.ok(ctx.warnings.some((w) => w.code === 'STATE_MISSING'));
  const index = (await openAs(keys.acme[0], corpus.publisher, await readFile(path.join(out, 'groups/partners/index.pgp')))) as GroupIndex;
  assert.is(index.sequence, Math.floor(Date.parse(later(1)) / 1000));
  await corpus.dispose();
});

incremental.run();
