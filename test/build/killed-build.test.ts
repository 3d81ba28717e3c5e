/**
 * A build killed outright cannot roll back: the public files it had written stay, beside a state
 * that does not know them. The next build must write again every such file it publishes and
 * remove the others (write/touched-log.ts): a page of an advisory made public by mistake, by a
 * build that was then killed, must not outlive the mistake.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { TOUCHED_FILE } from '../../scripts/build/write/touched-log.js';
import type { Corpus } from '../helpers/corpus.js';
import { NOW, later, standardCorpus } from './corpus-fixture.js';
import { build, snapshot, tempOut } from './fixture.js';

const CHILD = fileURLToPath(new URL('./kill-child.ts', import.meta.url));

/** ADV-2025-0003 as the corpus has it (embargoed: public on 2025-08-01), or public by mistake. */
const adv3 = (mistake: boolean) => ({
  id: 'ADV-2025-0003',
  title: 'Embargoed CANARY-0003-title',
  release: { poc: '2025-07-05T00:00:00Z', partner: mistake ? '2025-07-09T00:00:00Z' : '2025-07-20T00:00:00Z', public: mistake ? '2025-07-09T00:00:00Z' : '2025-08-01T00:00:00Z' },
  body: 'CANARY-0003-base',
  sections: [{ tier: 'partner', text: 'CANARY-0003-partner' }],
});

function buildKilledAt(root: string, out: string, now: string, keyFile: string, pattern: string): Promise<NodeJS.Signals | null> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, root, out, now, keyFile, pattern], { stdio: 'ignore' });
  return new Promise((resolve) => child.on('close', (_code, signal) => resolve(signal)));
}

/** Files under `out` outside groups/ (what anyone can read) whose bytes contain `marker`. */
async function publicFilesWith(out: string, marker: string): Promise<string[]> {
  const found: string[] = [];
  for (const file of (await snapshot(out)).keys()) {
    if (file.startsWith('groups/') || file.endsWith('.pgp')) continue;
    if ((await readFile(path.join(out, file), 'utf8')).includes(marker)) found.push(file);
  }
  return found.sort();
}

/** Public files and their hashes, signatures left out (signing time is part of them). */
async function publicTree(out: string): Promise<Map<string, string>> {
  const tree = new Map<string, string>();
  for (const [file, { sha256 }] of await snapshot(out)) {
    if (!file.startsWith('groups/') && !file.endsWith('.pgp') && !file.endsWith('.asc') && file !== TOUCHED_FILE) tree.set(file, sha256);
  }
  return tree;
}

/** The standard corpus built once at NOW, and the publisher key in a file for the child build. */
async function builtOnce(): Promise<{ corpus: Corpus; out: string; keyFile: string }> {
  const { corpus } = await standardCorpus();
  const out = await tempOut();
  const keyFile = path.join(path.dirname(out), 'publisher.sec.asc');
  await writeFile(keyFile, corpus.publisher.secret, { mode: 0o600 });
  await build(corpus, out, NOW);
  return { corpus, out, keyFile };
}

test('a build killed after writing public files: the next build writes them again and removes the page it left', async () => {
  const { corpus, out, keyFile } = await builtOnce();

  // The embargoed advisory is made public by mistake, and that build is killed as it writes the state.
  await corpus.advisory(adv3(true));
  const signal = await buildKilledAt(corpus.root, out, later(1), keyFile, String.raw`\.state\.pgp\.tmp-|\.state-changes\.pgp`);
  assert.is(signal, 'SIGKILL');
  const leaked = await publicFilesWith(out, 'CANARY-0003');
  assert.ok(leaked.includes('advisories/adv-2025-0003/index.html'), `the killed build left its page: ${leaked.join(', ')}`);
  assert.ok(leaked.includes('feed.json'));
  assert.ok(existsSync(path.join(out, TOUCHED_FILE)));
  await rm(`${out}.lock`, { recursive: true, force: true }); // the killed build's lock (stale after 10 s)

  // The mistake is reverted: the next build leaves nothing of it, and what a clean build leaves.
  await corpus.advisory(adv3(false));
  const repaired = await build(corpus, out, later(2));
  assert.ok(repaired.warnings.some((w) => w.code === 'BUILD_UNFINISHED'));
  assert.equal(await publicFilesWith(out, 'CANARY-0003'), []);
  assert.not.ok(existsSync(path.join(out, 'advisories/adv-2025-0003')), 'its empty folder goes too (a 403 would tell it was there)');
  assert.not.ok(existsSync(path.join(out, TOUCHED_FILE)));
  const reference = await tempOut();
  await build(corpus, reference, NOW);
  await build(corpus, reference, later(2));
  assert.equal(Object.fromEntries(await publicTree(out)), Object.fromEntries(await publicTree(reference)));

  // And the build after it is a no-op again.
  const again = await build(corpus, out, later(3));
  assert.is(again.written.length, 0);
  await corpus.dispose();
});

test('a build killed between the state and the indexes: the items the published index names keep their grace period', async () => {
  const { corpus, out, keyFile } = await builtOnce();
  const items = async () => [...(await snapshot(out)).keys()].filter((file) => /^groups\/[^/]+\/items\//.test(file));
  const named = await items(); // every item the first build's indexes name
  // An edit; the build is killed as it starts writing the indexes, after its state recorded the old items as orphans.
  await corpus.advisory({ id: 'ADV-2025-0001', release: { public: '2025-07-08T00:00:00Z' }, body: 'Changed CANARY-0001-base' });
  assert.is(await buildKilledAt(corpus.root, out, later(1), keyFile, String.raw`/index\.pgp\.tmp-`), 'SIGKILL');
  await rm(`${out}.lock`, { recursive: true, force: true });
  // The next build comes past the grace period (two days) of the killed build's clock, re-issues
  // the indexes, and must not remove what the published (old) indexes named: clients may be mid-sync.
  await build(corpus, out, later(50));
  const left = new Set(await items());
  assert.equal(named.filter((file) => !left.has(file)), []);
  await corpus.dispose();
});

test.run();
