/** The happy paths of the checklist against a real server: sync, 304, updates, withdrawal, removal, crash. */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { rejectsWithCode } from '../helpers/assert.js';
import { GROUP, THREE, makeWorld, type World } from './world.js';

let w: World;
test.before.each(async () => {
  w = await makeWorld();
});
test.after.each(async () => {
  await w.close();
});

const itemRequests = (world: World) => world.server.requests.filter((r) => r.path.includes('/items/'));

test('first sync mirrors every advisory as Markdown and JSON and records the state', async () => {
  const published = await w.publisher.publish({ group: GROUP, sequence: 1, advisories: THREE });
  const result = await w.poll();
  assert.equal([result.summary.new, result.summary.fetched, result.summary.sequence], [3, 3, 1]);
  const json = JSON.parse(await readFile(join(w.outDir, 'advisories', 'ADV-2026-0002.json'), 'utf8'));
  assert.is(json.id, 'ADV-2026-0002');
  const md = await readFile(join(w.outDir, 'advisories', 'ADV-2026-0002.md'), 'utf8');
  assert.match(md, /^---\n[\s\S]*id: 'ADV-2026-0002'\n[\s\S]*revision: 1\n[\s\S]*withdrawn: false\n[\s\S]*---\n\n# Advisory ADV-2026-0002/);
  const state = JSON.parse(await readFile(join(w.stateDir, 'state.json'), 'utf8'));
  assert.is(state.sequence, 1);
  assert.is(state.group, GROUP);
  assert.ok(state.etag);
  assert.is(state.items['ADV-2026-0001'].sha256, published.index.items[0]?.sha256);
  const index = JSON.parse(await readFile(join(w.outDir, 'index.json'), 'utf8'));
  assert.is(index.sequence, 1);
});

test('removes the staging leftovers of killed runs, in --out and in the state folder where older versions staged', async () => {
  await w.publisher.publish({ group: GROUP, sequence: 1, advisories: THREE });
  for (const dir of [w.outDir, w.stateDir]) {
    await mkdir(join(dir, '.staging'), { recursive: true });
    await writeFile(join(dir, '.staging', 'ADV-2026-0009.json'), '{}');
  }
  await w.poll();
  const snapshot = await w.snapshot();
  assert.equal(Object.keys(snapshot).filter((path) => path.includes('.staging')), []);
  assert.ok(snapshot['out/advisories/ADV-2026-0003.md']);
});

test('an unchanged feed costs exactly one request, answered 304, and changes nothing', async () => {
  await w.publisher.publish({ group: GROUP, sequence: 1, advisories: THREE });
  await w.poll();
  const before = await w.snapshot();
  w.server.requests.length = 0;
  const result = await w.poll();
  assert.is(w.server.requests.length, 1);
  assert.is(w.server.requests[0]?.status, 304);
  assert.ok(w.server.requests[0]?.ifNoneMatch);
  assert.equal([result.summary.notModified, result.summary.unchanged, result.summary.fetched], [true, 3, 0]);
  assert.equal(await w.snapshot(), before);
});

test('one updated advisory costs the index and that one item', async () => {
  await w.publisher.publish({ group: GROUP, sequence: 1, advisories: THREE });
  await w.poll();
  w.server.requests.length = 0;
  await w.publisher.publish({ group: GROUP, sequence: 2, advisories: [THREE[0]!, { id: 'ADV-2026-0002', revision: 2 }, THREE[2]!] });
  const result = await w.poll();
  assert.is(w.server.requests.length, 2);
  assert.match(w.server.requests[0]?.path ?? '', /index\.pgp$/);
  assert.is(itemRequests(w).length, 1);
  assert.equal([result.summary.updated, result.summary.unchanged, result.summary.fetched], [1, 2, 1]);
  const json = JSON.parse(await readFile(join(w.outDir, 'advisories', 'ADV-2026-0002.json'), 'utf8'));
  assert.is(json.revision, 2);
});

test('accepts the same index re-sealed under the same sequence as unchanged, fetching no item', async () => {
  const first = await w.publisher.publish({ group: GROUP, sequence: 1, advisories: THREE });
  await w.poll();
  await w.publisher.publish({ group: GROUP, sequence: 1, advisories: THREE, generated: first.index.generated, expires: first.index.expires });
  w.server.requests.length = 0;
  const result = await w.poll();
  assert.is(w.server.requests[0]?.status, 200); // new ciphertext, new ETag
  assert.equal([result.summary.notModified, result.summary.unchanged, result.summary.fetched], [false, 3, 0]);
});

test('a withdrawn advisory is marked in front matter and text, not deleted', async () => {
  await w.publisher.publish({ group: GROUP, sequence: 1, advisories: THREE });
  await w.poll();
  await w.publisher.publish({ group: GROUP, sequence: 2, advisories: [THREE[0]!, { id: 'ADV-2026-0002', revision: 2, status: 'withdrawn' }, THREE[2]!] });
  const result = await w.poll();
  assert.is(result.summary.withdrawn, 1);
  const md = await readFile(join(w.outDir, 'advisories', 'ADV-2026-0002.md'), 'utf8');
  assert.match(md, /status: 'withdrawn'\n/);
  assert.match(md, /withdrawn: true\n/);
  assert.match(md, /> \*\*Withdrawn\*\*/);
});

test('an advisory the index stops listing moves to removed/, never deleted', async () => {
  await w.publisher.publish({ group: GROUP, sequence: 1, advisories: THREE });
  await w.poll();
  await w.publisher.publish({ group: GROUP, sequence: 2, advisories: [THREE[0]!, THREE[2]!] });
  const result = await w.poll();
  assert.is(result.summary.removed, 1);
  const snapshot = await w.snapshot();
  assert.ok(snapshot['out/removed/ADV-2026-0002.json']);
  assert.ok(snapshot['out/removed/ADV-2026-0002.md']);
  assert.not.ok(snapshot['out/advisories/ADV-2026-0002.json']);
  const state = JSON.parse(await readFile(join(w.stateDir, 'state.json'), 'utf8'));
  assert.equal(Object.keys(state.items), ['ADV-2026-0001', 'ADV-2026-0003']);
});

test('a crash between the mirror and the state write is repaired by the next run', async () => {
  await w.publisher.publish({ group: GROUP, sequence: 1, advisories: THREE });
  await w.poll();
  const stateBefore = await readFile(join(w.stateDir, 'state.json'), 'utf8');
  await w.publisher.publish({ group: GROUP, sequence: 2, advisories: [THREE[0]!, { id: 'ADV-2026-0002', revision: 2 }, THREE[2]!, { id: 'ADV-2026-0004' }] });
  try {
    await w.poll({ afterMirror: () => { throw new Error('simulated crash'); } });
    assert.unreachable('the hook throws');
  } catch (error) {
    assert.is((error as Error).message, 'simulated crash');
  }
  // The mirror has the new advisories, the state still the old index: consistent, just behind.
  assert.is(await readFile(join(w.stateDir, 'state.json'), 'utf8'), stateBefore);
  const result = await w.poll();
  assert.equal([result.summary.sequence, result.summary.new, result.summary.updated], [2, 1, 1]);
  const again = await w.poll();
  assert.is(again.summary.notModified, true);
  const json = JSON.parse(await readFile(join(w.outDir, 'advisories', 'ADV-2026-0004.json'), 'utf8'));
  assert.is(json.id, 'ADV-2026-0004');
});

/** Polls sequence 2 (ADV-2026-0002 at revision 2, ADV-2026-0004 new) after sequence 1, killed between the mirror and the state. */
async function crashAfterMirroringSequence2(world: World): Promise<{ generated: string; expires: string }> {
  const first = await world.publisher.publish({ group: GROUP, sequence: 1, advisories: THREE });
  await world.poll();
  await world.publisher.publish({ group: GROUP, sequence: 2, advisories: [THREE[0]!, { id: 'ADV-2026-0002', revision: 2 }, THREE[2]!, { id: 'ADV-2026-0004' }] });
  await world.poll({ afterMirror: () => { throw new Error('simulated crash'); } }).then(
    () => assert.unreachable('the hook throws'),
    (error: unknown) => assert.is((error as Error).message, 'simulated crash'),
  );
  return { generated: first.index.generated, expires: first.index.expires };
}

test('after a crash between the mirror and the state, the mirror\'s index is the rollback floor', async () => {
  const first = await crashAfterMirroringSequence2(w);
  const mirrored = await w.snapshot();
  // Someone serves sequence 1 again, the very index accepted before (a stale CDN will do): the
  // state alone would accept it, and take index.json back to revision 1 of ADV-2026-0002 while
  // its files stay at revision 2.
  await w.publisher.publish({ group: GROUP, sequence: 1, advisories: THREE, ...first });
  await rejectsWithCode(w.poll(), 'ROLLBACK');
  assert.equal(await w.snapshot(), mirrored, 'mirror and state unchanged');
});

test('after a crash between the mirror and the state, an advisory only the mirror holds is moved to removed/ when the index drops it', async () => {
  await crashAfterMirroringSequence2(w);
  // Sequence 3 no longer lists ADV-2026-0004, which the state never recorded.
  await w.publisher.publish({ group: GROUP, sequence: 3, advisories: [THREE[0]!, { id: 'ADV-2026-0002', revision: 2 }, THREE[2]!] });
  const result = await w.poll();
  assert.is(result.summary.removed, 1);
  const snapshot = await w.snapshot();
  assert.ok(snapshot['out/removed/ADV-2026-0004.json']);
  assert.not.ok(snapshot['out/advisories/ADV-2026-0004.json']);
  assert.not.ok(snapshot['out/advisories/ADV-2026-0004.md']);
});

test('a mirror file deleted by hand is fetched again (no conditional request while incomplete)', async () => {
  await w.publisher.publish({ group: GROUP, sequence: 1, advisories: THREE });
  await w.poll();
  await rm(join(w.outDir, 'advisories', 'ADV-2026-0003.md'));
  w.server.requests.length = 0;
  const result = await w.poll();
  assert.is(w.server.requests[0]?.ifNoneMatch, undefined);
  assert.is(itemRequests(w).length, 1);
  assert.is(result.summary.fetched, 1);
  assert.ok((await w.snapshot())['out/advisories/ADV-2026-0003.md']);
});

test('polls a feed given as a plain folder path, and its unchanged copy by stat alone', async () => {
  await w.publisher.publish({ group: GROUP, sequence: 1, advisories: THREE });
  const { createFetcher, locateFeed } = await import('../../scripts/poll/index.js');
  const location = locateFeed(join(w.publisher.root, 'groups', GROUP, 'index.pgp'), undefined, w.dir);
  const fetcher = createFetcher(location.index, { retries: 0 });
  const first = await w.poll({ location, fetcher });
  assert.is(first.summary.new, 3);
  const second = await w.poll({ location, fetcher });
  assert.is(second.summary.notModified, true);
  assert.is(w.server.requests.length, 0);
});

test.run();
