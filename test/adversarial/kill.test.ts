/**
 * A build killed with SIGKILL at random moments (threat model P9, "old or new, never a mix"):
 * the CLI build runs as a child process on a corpus big enough to take a second or two, and is
 * killed at random points of its run. After each kill, for every group, the index in place
 * decrypts and verifies for a member, is either the old index (same plaintext) or a newer one
 * (higher sequence), and every item it names exists with its listed size and SHA-256 and opens;
 * the public feeds parse. Then the stale lock is aged past its 10 s, a build completes, and a
 * rebuild at the same --now has nothing left to write.
 */
import { spawn } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { GroupIndex } from '../../scripts/feed/format.js';
import { sha256Hex } from '../../scripts/feed/hash.js';
import { Corpus, corpusKey } from '../helpers/corpus.js';
import type { TestKey } from '../helpers/keys.js';
import { build, openAs, tempOut } from '../build/fixture.js';

const kill = suite('adversarial build: SIGKILL mid-build leaves each group old or new, never a mix');
const T0 = '2025-07-10T00:00:00Z';
const T1 = '2025-07-14T00:00:00Z'; // past half the 7-day validity: every index is re-issued
const BIN = path.resolve('bin/advisory-feed.js');
const ADVISORIES = 40;

/**
 * Preloaded into the child: wraps fs/promises.rename so the process SIGKILLs itself right after the
 * first rename onto an index.pgp, the one moment a group could be new while another is old.
 * (syncBuiltinESMExports makes `import { rename } from 'node:fs/promises'` see the wrapper.)
 */
const KILL_AFTER_FIRST_INDEX = `data:text/javascript,${encodeURIComponent(`
import fsp from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
const rename = fsp.rename;
fsp.rename = async (from, to) => {
  await rename(from, to);
  if (String(to).endsWith('index.pgp')) process.kill(process.pid, 'SIGKILL');
};
syncBuiltinESMExports();
`)}`;

let corpus: Corpus;
let base: string; // the complete output at T0
let members: Record<'partners' | 'trusted', TestKey>;
let oldIndex: Record<string, GroupIndex>;
let work: string;

const paragraph = (n: number, what: string) => `${what} ${n}: ${'lorem ipsum dolor sit amet '.repeat(40)}`;

kill.before(async () => {
  corpus = await Corpus.create();
  members = { partners: await corpusKey({ name: 'Acme' }), trusted: await corpusKey({ name: 'Bolt' }) };
  await corpus.partner({ id: 'acme', groups: ['partners'], keys: [members.partners] });
  await corpus.partner({ id: 'bolt', groups: ['trusted'], keys: [members.trusted] });
  await writeAdvisories('first');
  base = await tempOut();
  await build(corpus, base, T0);
  oldIndex = {};
  for (const group of ['partners', 'trusted'] as const) oldIndex[group] = await openIndex(base, group);
  await writeAdvisories('second'); // every item changes: the killed build has hundreds of files to write
  work = await mkdtemp(path.join(tmpdir(), 'advisory-feed-kill-'));
});
kill.after(async () => {
  await corpus.dispose();
  await rm(path.dirname(base), { recursive: true, force: true });
  await rm(work, { recursive: true, force: true });
});

async function writeAdvisories(edition: string): Promise<void> {
  for (let n = 1; n <= ADVISORIES; n++) {
    await corpus.advisory({
      id: `ADV-2025-${String(n).padStart(4, '0')}`,
      release: { poc: '2025-06-01T00:00:00Z', partner: '2025-06-10T00:00:00Z', public: '2025-06-20T00:00:00Z' },
      body: paragraph(n, `${edition} base`),
      sections: [{ tier: 'partner', text: paragraph(n, `${edition} partner`) }, { tier: 'poc', text: paragraph(n, `${edition} poc`) }],
    });
  }
}

async function openIndex(out: string, group: 'partners' | 'trusted'): Promise<GroupIndex> {
  return (await openAs(members[group], corpus.publisher, await readFile(path.join(out, 'groups', group, 'index.pgp')))) as GroupIndex;
}

/**
 * Copies the T0 output to a fresh folder, runs the CLI build at T1 there, and kills it after `ms`,
 * or (`'first-index'`) itself, right after the rename that replaces the first group index, or
 * never (undefined).
 */
async function runCli(n: number, ms: number | 'first-index' | undefined): Promise<{ out: string; code: number | null; signal: string | null; elapsed: number }> {
  const out = path.join(work, `run-${n}`, '_site');
  await cp(base, out, { recursive: true, preserveTimestamps: true });
  // The build's own temporary folders (Eleventy's output) go inside `work`: a killed build
  // cannot remove them, and `work` is removed after the suite.
  const temp = await mkdtemp(path.join(work, `tmp-${n}-`));
  const started = Date.now();
  const preload = ms === 'first-index' ? ['--import', KILL_AFTER_FIRST_INDEX] : [];
  const child = spawn(process.execPath, [...preload, BIN, 'build', '--root', corpus.root, '--out', out, '--now', T1], {
    env: { ...process.env, ADVISORY_FEED_SIGNING_KEY: corpus.publisher.secret, CI: '1', TMPDIR: temp },
    stdio: 'ignore',
  });
  const timer = typeof ms === 'number' ? setTimeout(() => child.kill('SIGKILL'), ms) : undefined;
  const [code, signal] = await new Promise<[number | null, string | null]>((resolve) => child.on('exit', (c, s) => resolve([c, s])));
  clearTimeout(timer);
  return { out, code, signal, elapsed: Date.now() - started };
}

/** The consistency every reader relies on, per group; returns which indexes were new. */
async function assertConsistent(out: string, label: string): Promise<string[]> {
  const fresh: string[] = [];
  for (const group of ['partners', 'trusted'] as const) {
    const index = await openIndex(out, group);
    const old = oldIndex[group] as GroupIndex;
    if (JSON.stringify(index) === JSON.stringify(old)) {
      // old: fine as long as its items are all still there (they are within the grace period)
    } else {
      assert.ok(index.sequence > old.sequence, `${label}: ${group} index is neither the old one nor newer`);
      fresh.push(group);
    }
    for (const entry of index.items) {
      const bytes = await readFile(path.join(out, 'groups', group, entry.path)).catch(() => undefined);
      assert.ok(bytes !== undefined, `${label}: ${group} names ${entry.path}, which is missing`);
      assert.is(bytes.byteLength, entry.size, `${label}: ${group} ${entry.path} size`);
      assert.is(sha256Hex(bytes), entry.sha256, `${label}: ${group} ${entry.path} hash`);
    }
    const last = index.items.at(-1);
    if (last !== undefined) await openAs(members[group], corpus.publisher, await readFile(path.join(out, 'groups', group, last.path)));
  }
  const feed = JSON.parse(await readFile(path.join(out, 'feed.json'), 'utf8')) as { items: unknown[] };
  assert.ok(Array.isArray(feed.items), `${label}: feed.json parses`);
  assert.match(await readFile(path.join(out, 'atom.xml'), 'utf8'), /<\/feed>\s*$/, `${label}: atom.xml is whole`);
  return fresh;
}

kill('killed at random moments: each group old or new, every named item present with its hash; the next build completes', async () => {
  const full = await runCli(0, undefined);
  assert.is(full.code, 0, 'an unkilled CLI build succeeds');
  assert.equal((await assertConsistent(full.out, 'complete')).sort(), ['partners', 'trusted']);
  const kills = 3;
  const outcomes: string[] = [];
  for (let n = 1; n <= kills + 1; n++) {
    // Spread over the run (start-up, loading and sealing come first, then the writes); the last
    // kill lands right after the first index is swapped, before the second: the mix to avoid.
    const ms = n > kills ? 'first-index' : Math.round(full.elapsed * (0.3 + 0.7 * ((n - 1 + Math.random()) / kills)));
    const run = await runCli(n, ms);
    const label = `kill ${n} after ${ms} (ms) of ${full.elapsed}`;
    const fresh = await assertConsistent(run.out, label);
    outcomes.push(`${ms}:${run.signal ?? `exit ${run.code}`}:${fresh.join('+') || 'old'}`);
    // The lock of the killed build blocks for its 10 s; age it, as time would, then build again.
    if (run.signal === 'SIGKILL') {
      const lock = `${run.out}.lock`;
      const past = new Date(Date.now() - 60_000);
      await utimes(lock, past, past).catch(() => undefined);
    }
    await build(corpus, run.out, T1);
    assert.equal((await assertConsistent(run.out, `${label}, rebuilt`)).sort(), ['partners', 'trusted']);
    const again = await build(corpus, run.out, T1);
    assert.equal(again.written, [], `${label}: after the repair a rebuild has nothing to write`);
    await rm(path.dirname(run.out), { recursive: true, force: true });
  }
  assert.ok(outcomes.some((o) => o.includes('SIGKILL')), `at least one run was really killed: ${outcomes.join(', ')}`);
  assert.ok(outcomes.some((o) => /first-index:SIGKILL:(partners|trusted)$/.test(o)), `one kill caught one index new and the other old: ${outcomes.join(', ')}`);
});

kill.run();
