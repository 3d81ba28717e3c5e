/**
 * scripts/build/seal/seal-group.ts sealIndex: a group whose items are all the very ones the
 * previous build recorded, for the same recipients, keeps its published index without its entries
 * being written or hashed again; any other group's content is worked out anew, and a changed
 * content re-issues the index.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { sealIndex, type GroupWork } from '../../../scripts/build/seal/seal-group.js';
import { entryJson, indexContentHash } from '../../../scripts/build/seal/index-document.js';
import type { GroupState, ItemState } from '../../../scripts/build/state/build-state.js';
import type { AdvisoryView } from '../../../scripts/build/view.js';
import type { SecretKey } from '../../../scripts/feed/openpgp.js';
import { sha256Hex } from '../../../scripts/feed/hash.js';

const seal = suite('build: sealIndex');

const NOW = new Date('2026-11-28T12:00:00Z');
const signer = { fingerprint: 'F'.repeat(40) } as SecretKey;
const views = ['ADV-2026-0001', 'ADV-2026-0002'].map((id) => ({ advisory: { id }, viewHash: 'v', modified: '2026-11-01T00:00:00Z', revision: 1, status: 'published' }) as unknown as AdvisoryView);
const item = (c: string): ItemState => ({ plaintext: 'p', sha256: c.repeat(64), size: 10, view: 'v' });

const made: string[] = [];
seal.after(() => Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true }))).then(() => undefined));

async function setUp() {
  const out = await mkdtemp(path.join(tmpdir(), 'advisory-feed-seal-index-'));
  made.push(out);
  await mkdir(path.join(out, 'groups/g'), { recursive: true });
  const published = new TextEncoder().encode('the published index');
  await writeFile(path.join(out, 'groups/g/index.pgp'), published);
  const items = { 'ADV-2026-0001': item('a'), 'ADV-2026-0002': item('b') };
  const entries = views.map((v) => entryJson({ id: v.advisory.id, modified: v.modified, path: `items/${items[v.advisory.id as keyof typeof items].sha256}.pgp`, revision: 1, sha256: items[v.advisory.id as keyof typeof items].sha256, size: 10, status: 'published' }));
  const previous: GroupState = {
    sequence: 3, generated: '2026-11-27T12:00:00.000Z', expires: '2026-12-04T12:00:00.000Z', recipientsId: 'r',
    contentHash: indexContentHash('g', signer.fingerprint, 'r', entries), indexSha256: sha256Hex(published), items,
  };
  const work = (workItems: ItemState[]): GroupWork => ({
    plan: { group: { id: 'g' }, views, recipients: [] } as unknown as GroupWork['plan'],
    folder: 'groups/g', recipientsId: 'r', items: workItems, reused: workItems.length, sealed: 0,
    sealer: () => Promise.reject(new Error('re-issued')),
  });
  const input = { previous, signer, out, files: new Set(['groups/g/index.pgp']), now: NOW, expiresAfter: 7 * 86400 };
  return { items, previous, work, input };
}

seal('the previous items themselves: the index and its recorded content stay, as recorded', async () => {
  const { items, previous, work, input } = await setUp();
  // A recorded content hash this code would not make: kept as it is, so it was not made again.
  const recorded = { ...previous, contentHash: 'recorded' };
  const sealed = await sealIndex(work([items['ADV-2026-0001'], items['ADV-2026-0002']]), { ...input, previous: recorded });
  assert.is(sealed.index, undefined);
  assert.is(sealed.state.contentHash, 'recorded');
  assert.is(sealed.state.items, items, 'the previous items, not a copy');
});

seal('equal items that are not the previous ones: the content is worked out anew (the same, so the index stays)', async () => {
  const { items, previous, work, input } = await setUp();
  const sealed = await sealIndex(work([{ ...items['ADV-2026-0001'] }, { ...items['ADV-2026-0002'] }]), input);
  assert.is(sealed.index, undefined);
  assert.is(sealed.state.contentHash, previous.contentHash);
  await reissues(sealIndex(work([{ ...items['ADV-2026-0001'] }, { ...items['ADV-2026-0002'] }]), { ...input, previous: { ...previous, contentHash: 'recorded' } }));
});

seal('another item, an advisory fewer, or other recipients: the index is re-issued', async () => {
  const { items, work, input } = await setUp();
  await reissues(sealIndex(work([items['ADV-2026-0001'], item('c')]), input));
  const fewer = work([items['ADV-2026-0001']]);
  fewer.plan.views = views.slice(0, 1);
  await reissues(sealIndex(fewer, input));
  await reissues(sealIndex({ ...work([items['ADV-2026-0001'], items['ADV-2026-0002']]), recipientsId: 'r2' }, input));
});

seal('an item never sealed is a bug reported, even where the previous build had none either', async () => {
  const { items, previous, work, input } = await setUp();
  // The previous build had ADV-2026-0001 and ADV-2026-0003; this one has 0001 (kept) and 0002 (never sealed).
  const other = { ...previous, items: { 'ADV-2026-0001': items['ADV-2026-0001'], 'ADV-2026-0003': item('c') } };
  const error = await sealIndex(work([items['ADV-2026-0001'], undefined] as ItemState[]), { ...input, previous: other }).then(() => undefined, (e: unknown) => e);
  assert.match(String(error), /ADV-2026-0002 of g was never sealed/);
});

/** The index was to be re-issued: the group's sealer was asked for. */
async function reissues(sealing: Promise<unknown>): Promise<void> {
  const error = await sealing.then(() => undefined, (e: unknown) => e);
  assert.instance(error, Error, 'the index was kept');
  assert.is((error as Error).message, 're-issued');
}

seal.run();
