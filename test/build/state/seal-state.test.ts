/**
 * The state and its changes file through real builds (state/seal-state.ts writes them,
 * read-state.ts reads them): an edit writes only the changes, always against the base; many
 * changes write a new base one generation on and remove the changes; changes left behind by a
 * stopped build are ignored and removed; changes to another base, or that do not open, stop
 * the build with BUILD_STATE_INVALID and leave the output untouched.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { parseState, STATE_FILE, type BuildState } from '../../../scripts/build/state/build-state.js';
import { parseChanges } from '../../../scripts/build/state/parse-changes.js';
import { applyChanges, STATE_CHANGES_FILE, type StateChanges } from '../../../scripts/build/state/state-changes.js';
import { sha256Hex } from '../../../scripts/feed/hash.js';
import type { GroupIndex } from '../../../scripts/feed/format.js';
import { openSealed, readSecretKey } from '../../../scripts/feed/openpgp.js';
import { rejectsWithCode } from '../../helpers/assert.js';
import type { Corpus } from '../../helpers/corpus.js';
import { NOW, later, standardCorpus } from '../corpus-fixture.js';
import { build, changed, openAs, snapshot, tempOut } from '../fixture.js';

const sealState = suite('build: the state and its changes file');

interface Recorded {
  base: BuildState;
  baseHash: string;
  changes: StateChanges | undefined;
  /** The state a build reads: the base with its changes, unless they are for an older base. */
  state: BuildState;
}

async function recorded(corpus: Corpus, out: string): Promise<Recorded> {
  const key = await readSecretKey(corpus.publisher.secret);
  const open = async (file: string) => openSealed(await readFile(path.join(out, file)), { decryptionKey: key, publisher: key.certificate });
  const plaintext = await open(STATE_FILE);
  const base = parseState(plaintext);
  let changes: StateChanges | undefined;
  try {
    changes = parseChanges(await open(STATE_CHANGES_FILE), STATE_CHANGES_FILE);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const applies = changes !== undefined && changes.base.generation === (base.generation ?? 0);
  return { base, baseHash: sha256Hex(plaintext), changes, state: applies ? applyChanges(parseState(plaintext), changes as StateChanges).state : base };
}

/** A corpus built once into `out`, and a second copy of the output built with whole states only. */
async function builtTwice(): Promise<{ corpus: Corpus; out: string; whole: string }> {
  const { corpus } = await standardCorpus();
  const out = await tempOut();
  const whole = await tempOut();
  await build(corpus, out, NOW);
  await build(corpus, whole, NOW, { stateChangesShare: 0 });
  return { corpus, out, whole };
}

const edit = (corpus: Corpus, n: number) => corpus.advisory({
  id: 'ADV-2025-0003',
  title: 'Embargoed CANARY-0003-title',
  release: { poc: '2025-07-05T00:00:00Z', partner: '2025-07-20T00:00:00Z', public: '2025-08-01T00:00:00Z' },
  body: `CANARY-0003-base, edit ${n}.`,
  sections: [{ tier: 'partner', text: 'CANARY-0003-partner' }],
});

/**
 * The state without what two builds of one content may differ in: the sealed files' hashes and
 * sizes (each build seals under a fresh session key; an encrypted key's size varies by a byte).
 */
function comparable(state: BuildState): unknown {
  const { generation: _g, groups, orphans, ...rest } = state;
  const sealedOnce = Object.fromEntries(Object.entries(groups).map(([id, g]) => [id, { ...g, contentHash: '', indexSha256: '', items: Object.fromEntries(Object.entries(g.items).map(([a, item]) => [a, { ...item, sha256: '', size: 0 }])) }]));
  return { ...rest, groups: sealedOnce, orphans: Object.entries(orphans).map(([file, since]) => [file.replace(/[0-9a-f]{64}/, ''), since]).sort() };
}

sealState('an edit writes only the changes, against the base; they make the state a whole write would; a no-op writes nothing', async () => {
  const { corpus, out, whole } = await builtTwice();
  const first = await recorded(corpus, out);
  const beforeBase = (await snapshot(out)).get(STATE_FILE);
  for (const n of [1, 2]) {
    await edit(corpus, n);
    const ctx = await build(corpus, out, later(n));
    await build(corpus, whole, later(n), { stateChangesShare: 0 });
    assert.ok(ctx.written.includes(STATE_CHANGES_FILE) && !ctx.written.includes(STATE_FILE), ctx.written.join(', '));
    assert.equal((await snapshot(out)).get(STATE_FILE), beforeBase, '.state.pgp untouched, bytes and mtime');
    const now = await recorded(corpus, out);
    assert.equal(now.changes?.base, { sha256: first.baseHash, generation: 0 }, 'against the base, never the previous changes');
    // Only what the edit touched: one item and one group's header, plus the first edit's item.
    assert.equal(Object.keys(now.changes?.groups.trusted?.items ?? {}), ['ADV-2025-0003']);
    const wholeState = await recorded(corpus, whole);
    assert.is(wholeState.changes, undefined);
    assert.equal(comparable(now.state), comparable(wholeState.state), 'the same state as a whole write');
    assert.equal((await build(corpus, out, later(n))).written, [], 'a no-op writes nothing');
  }
  await corpus.dispose();
});

sealState('many changes write a new base one generation on, and the changes file goes after it', async () => {
  const { corpus, out } = await builtTwice();
  await edit(corpus, 1);
  await build(corpus, out, later(1));
  assert.ok((await recorded(corpus, out)).changes !== undefined);
  await edit(corpus, 2);
  const ctx = await build(corpus, out, later(2), { stateChangesShare: 1e-9 });
  assert.ok(ctx.written.includes(STATE_FILE) && !ctx.written.includes(STATE_CHANGES_FILE), ctx.written.join(', '));
  assert.equal(ctx.removed, [STATE_CHANGES_FILE]);
  const now = await recorded(corpus, out);
  assert.is(now.base.generation, 1);
  assert.is(now.changes, undefined);
  // A whole base while no changes file exists keeps its generation.
  await edit(corpus, 3);
  await build(corpus, out, later(3), { stateChangesShare: 0 });
  assert.is((await recorded(corpus, out)).base.generation, 1);
  await corpus.dispose();
});

sealState('changes left by a build stopped before it removed them are ignored, then removed', async () => {
  const { corpus, out } = await builtTwice();
  await edit(corpus, 1);
  await build(corpus, out, later(1));
  const left = await readFile(path.join(out, STATE_CHANGES_FILE));
  await edit(corpus, 2);
  await build(corpus, out, later(2), { stateChangesShare: 0 });
  // As if the build had stopped between writing the new base and removing the changes.
  await writeFile(path.join(out, STATE_CHANGES_FILE), left);
  const base = await snapshot(out);
  const ctx = await build(corpus, out, later(2));
  assert.equal(ctx.written, [], 'the new base already says everything: nothing to write');
  assert.equal(ctx.removed, [STATE_CHANGES_FILE]);
  base.delete(STATE_CHANGES_FILE);
  assert.equal(await snapshot(out), base);
  await corpus.dispose();
});

sealState('changes to another base, or that do not open: BUILD_STATE_INVALID, the output untouched', async () => {
  const { corpus, out } = await builtTwice();
  const oldBase = await readFile(path.join(out, STATE_FILE));
  await edit(corpus, 1);
  await build(corpus, out, later(1), { stateChangesShare: 0 }); // a newer base, generation 0
  await edit(corpus, 2);
  await build(corpus, out, later(2)); // changes to it
  const cases: [string, () => Promise<void>][] = [
    ['an older base restored beside newer changes', () => writeFile(path.join(out, STATE_FILE), oldBase)],
    ['changes that are not sealed', () => writeFile(path.join(out, STATE_CHANGES_FILE), 'forged')],
  ];
  for (const [what, damage] of cases) {
    const good = await snapshot(out);
    const keep = new Map<string, Buffer>();
    for (const file of [STATE_FILE, STATE_CHANGES_FILE]) keep.set(file, await readFile(path.join(out, file)));
    await damage();
    const before = await snapshot(out);
    await rejectsWithCode(build(corpus, out, later(3)), 'BUILD_STATE_INVALID').catch((e: unknown) => { throw new Error(`${what}: ${String(e)}`); });
    assert.equal(changed(before, await snapshot(out)), [], what);
    for (const [file, bytes] of keep) await writeFile(path.join(out, file), bytes);
    assert.equal(changed(good, await snapshot(out)), [], `${what}: restored`);
  }
  // Both moved aside: a fresh start, as for a lost state.
  await rm(path.join(out, STATE_FILE));
  await rm(path.join(out, STATE_CHANGES_FILE));
  const ctx = await build(corpus, out, later(3));
  assert.ok(ctx.warnings.some((w) => w.code === 'STATE_MISSING'));
  await corpus.dispose();
});

sealState('a state restored without its changes file: indexes newer than it are re-issued above the clock, never backwards', async () => {
  const { corpus, keys } = await standardCorpus();
  const out = await tempOut();
  await build(corpus, out, NOW);
  await edit(corpus, 1);
  await build(corpus, out, later(1));
  await edit(corpus, 2);
  await build(corpus, out, later(2));
  const file = path.join(out, 'groups/trusted/index.pgp');
  const published = ((await openAs(keys.bolt, corpus.publisher, await readFile(file))) as GroupIndex).sequence;
  assert.is(published, 3);
  await rm(path.join(out, STATE_CHANGES_FILE)); // e.g. a deployment that kept .state.pgp alone
  await build(corpus, out, later(3));
  assert.is(((await openAs(keys.bolt, corpus.publisher, await readFile(file))) as GroupIndex).sequence, Math.floor(Date.parse(later(3)) / 1000));
  await corpus.dispose();
});

sealState.run();
