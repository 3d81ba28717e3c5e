/**
 * The build's cache of view hashes (scripts/build/view-hash-cache.ts): a plan takes a view's hash
 * from it only for the same advisory file, program, plan code and visibility, and the hash it
 * takes is the view's own. Real content folders, the real loader and its advisory cache.
 */
import { createHash } from 'node:crypto';
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { planAudiences, type KnownViewHashes, type Plan } from '../../scripts/build/plan/index.js';
import { openViewHashCache } from '../../scripts/build/view-hash-cache.js';
import { CACHE_DIR } from '../../scripts/content/advisory-cache.js';
import { loadContent } from '../../scripts/content/index.js';
import { canonicalJson } from '../../scripts/feed/canonical-json.js';
import { MARKERS, NOW, later, standardCorpus } from './corpus-fixture.js';
import { DEFAULT_GROUPS, type Corpus } from '../helpers/corpus.js';
import type { Advisory } from '../../scripts/content/types.js';

const FILE = 'view-hashes.json';

/** The definition (plan-view-hash.test.ts): SHA-256 of the canonical JSON of the view without its hash. */
function reference(view: Plan['groups'][number]['views'][number]): string {
  const { viewHash: _hash, ...shared } = view;
  return createHash('sha256').update(canonicalJson(shared), 'utf8').digest('hex');
}

/** Loads the corpus as the build does and plans it at `now` with the cache; counts what it took. */
async function planWithCache(corpus: Corpus, now: string): Promise<{ plan: Plan; taken: number; made: number }> {
  const { content, sourceKeys } = await loadContent(corpus.root, { now: new Date(now), cache: true });
  assert.ok(sourceKeys !== undefined && sourceKeys.size === content.advisories.length);
  const cache = await openViewHashCache(corpus.root, content.program, sourceKeys);
  let taken = 0;
  let made = 0;
  const counting: KnownViewHashes = {
    get(advisory, visibility) {
      const hash = cache.get(advisory, visibility);
      if (hash !== undefined) taken++;
      return hash;
    },
    set(advisory, visibility, hash) {
      made++;
      cache.set(advisory, visibility, hash);
    },
  };
  const plan = planAudiences(content, new Date(now), counting);
  await cache.save();
  return { plan, taken, made };
}

function viewHashes(plan: Plan): string[] {
  return plan.groups.flatMap((g) => g.views.map((v) => `${g.group.id} ${v.advisory.id} ${v.viewHash}`));
}

function assertTrueHashes(plan: Plan): void {
  for (const group of plan.groups) {
    for (const view of group.views) assert.is(view.viewHash, reference(view), `${group.group.id} ${view.advisory.id}`);
  }
}

const cache = suite('build: cache of view hashes');

cache('a second plan takes every view hash from it, and each is the hash of its view', async () => {
  const { corpus } = await standardCorpus();
  const first = await planWithCache(corpus, NOW);
  assert.is(first.taken, 0);
  assert.ok(first.made > 0);
  const second = await planWithCache(corpus, NOW);
  assert.is(second.taken, first.made);
  assert.is(second.made, 0);
  assert.equal(viewHashes(second.plan), viewHashes(first.plan));
  assertTrueHashes(second.plan);
  // Owner-only, beside the advisory cache, and holding no text of any tier (only hashes and keys).
  const file = path.join(corpus.root, CACHE_DIR, FILE);
  assert.is((await stat(file)).mode & 0o077, 0);
  const text = await readFile(file, 'utf8');
  for (const marker of Object.keys(MARKERS)) assert.not.ok(text.includes(marker), marker);
  await corpus.dispose();
});

cache('a view whose visibility changed with time, or whose file changed, is hashed again', async () => {
  const { corpus } = await standardCorpus();
  const before = await planWithCache(corpus, NOW);
  // ADV-2025-0003 reaches partners at 2025-07-20: their view of it is new; every other view is known.
  const released = await planWithCache(corpus, '2025-07-21T00:00:00Z');
  assert.ok(released.made > 0);
  assert.ok(released.taken > 0);
  assertTrueHashes(released.plan);
  // An edited file: its views are new (one for each group that sees it), the others' are known.
  await corpus.advisory({
    id: 'ADV-2025-0002', tier: 'partner', release: { partner: '2025-07-01T00:00:00Z' },
    body: 'CANARY-0002-base, edited', sections: [{ tier: 'poc', text: '## Proof of concept\n\nCANARY-0002-poc' }],
  });
  const edited = await planWithCache(corpus, NOW);
  assert.is(edited.made, 2);
  assert.is(edited.taken, before.made - 2);
  assertTrueHashes(edited.plan);
  const changed = viewHashes(edited.plan).filter((line) => !viewHashes(before.plan).includes(line));
  assert.equal(changed.map((line) => line.split(' ').slice(0, 2).join(' ')), ['partners ADV-2025-0002', 'trusted ADV-2025-0002']);
  await corpus.dispose();
});

cache('another program, a hash that is not a hash or a file of another salt is not used', async () => {
  const { corpus } = await standardCorpus();
  const first = await planWithCache(corpus, NOW);
  // A program that differs (how long an index stays valid): every view is hashed again.
  await corpus.writeProgram(DEFAULT_GROUPS, '8d');
  const renamed = await planWithCache(corpus, NOW);
  assert.is(renamed.taken, 0);
  assertTrueHashes(renamed.plan);

  const file = path.join(corpus.root, CACHE_DIR, FILE);
  const doc = JSON.parse(await readFile(file, 'utf8')) as { salt: string; entries: Record<string, Record<string, string>> };
  // Each known hash replaced by the hash of another view: only 64 hex digits are taken, and the
  // plan's hashes are then its own again.
  const swapped = structuredClone(doc);
  for (const entry of Object.values(swapped.entries)) for (const k of Object.keys(entry)) entry[k] = 'not a hash';
  await writeFile(file, JSON.stringify(swapped));
  const refused = await planWithCache(corpus, NOW);
  assert.is(refused.taken, 0);
  assertTrueHashes(refused.plan);
  // Another salt (other plan code, another program): nothing is taken.
  await writeFile(file, JSON.stringify({ ...doc, salt: '0'.repeat(64) }));
  assert.is((await planWithCache(corpus, NOW)).taken, 0);
  assert.is(first.made, renamed.made);
  await corpus.dispose();
});

cache('one edited advisory of 300 is not written; its hash is made again until enough changed', async () => {
  const { corpus } = await standardCorpus();
  const { content } = await loadContent(corpus.root, { now: new Date(NOW), cache: true });
  const file = path.join(corpus.root, CACHE_DIR, FILE);
  const advisories = Array.from({ length: 300 }, (_, n) => ({ id: `ADV-2026-${n}` }) as unknown as Advisory);
  const hash = (key: string) => createHash('sha256').update(key).digest('hex');
  /** One plan's worth of lookups, the advisories in `edited` with a new source key: taken, and written? */
  const run = async (edited: number[]) => {
    const before = await readFile(file, 'utf8').catch(() => '');
    const keys = new Map(advisories.map((a, n) => [a, `source-${n}${edited.includes(n) ? '-edited' : ''}`]));
    const cache = await openViewHashCache(corpus.root, content.program, keys);
    let taken = 0;
    for (const advisory of advisories) {
      if (cache.get(advisory, 'v') !== undefined) taken++;
      else cache.set(advisory, 'v', hash(keys.get(advisory) as string));
    }
    await cache.save();
    return { taken, wrote: (await readFile(file, 'utf8')) !== before };
  };
  assert.equal(await run([]), { taken: 0, wrote: true });
  assert.equal(await run([5]), { taken: 299, wrote: false });
  assert.equal(await run([5]), { taken: 299, wrote: false });
  assert.equal(await run([5, 6]), { taken: 298, wrote: true });
  assert.equal(await run([5, 6]), { taken: 300, wrote: false });
  await corpus.dispose();
});

cache('a build writes it, and a no-op rebuild that takes from it writes nothing', async () => {
  const { build, tempOut } = await import('./fixture.js');
  const { corpus } = await standardCorpus();
  const out = await tempOut();
  await build(corpus, out, NOW);
  assert.ok((await stat(path.join(corpus.root, CACHE_DIR, FILE))).size > 0);
  assert.equal((await build(corpus, out, later(1))).written, []);
  await corpus.dispose();
});

cache.run();
