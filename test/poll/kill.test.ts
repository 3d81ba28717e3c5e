/**
 * Crash safety with a real kill: `advisory-feed poll` runs as a child process and is SIGKILLed at
 * moments around its last item download (verification, mirror writes, state write). After every
 * kill, a clean run must succeed and leave exactly the mirror an uninterrupted run leaves, with no
 * temporary files behind.
 */
import { spawn } from 'node:child_process';
import { cp, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createFetcher, locateFeed, runPoll } from '../../scripts/poll/index.js';
import { GROUP, hashTree, makeWorld, type World } from './world.js';

const BIN = fileURLToPath(new URL('../../bin/advisory-feed.js', import.meta.url));
const advisories = (revision: number, count: number) =>
  Array.from({ length: count }, (_, i) => ({ id: `ADV-2026-${String(i + 1).padStart(4, '0')}`, revision, markdown: `# ${i}\n\n${'text '.repeat(2000)}\n` }));

let w: World;
test.before(async () => {
  w = await makeWorld();
  await writeFile(join(w.dir, 'partner.sec.asc'), w.keys.partner.key.secret);
  await writeFile(join(w.dir, 'publisher.asc'), w.keys.publisher.key.public);
});
test.after(async () => {
  await w.close();
});

async function pollInProcess(stateDir: string, outDir: string): Promise<void> {
  const location = locateFeed(w.feedUrl, undefined, w.dir);
  await runPoll({
    location, stateDir, outDir,
    keys: { decryptionKey: w.keys.partner.secret, publisher: w.keys.publisher.certificate },
    fetcher: createFetcher(location.index, { retries: 0 }),
    lockStaleMs: 2_000, // proper-lockfile's minimum; the killed child's lock is older by then
    maxIndexBytes: 4 * 1024 * 1024, maxItemBytes: 1024 * 1024,
  });
}

/** Runs the CLI as a child; kills it `delayMs` after the server saw `trigger` requests. */
function runChildAndKill(stateDir: string, outDir: string, trigger: number, delayMs: number): Promise<number | null> {
  const child = spawn(process.execPath, [BIN, 'poll', '--feed', w.feedUrl, '--key', 'partner.sec.asc', '--publisher-key', 'publisher.asc',
    '--state', stateDir, '--out', outDir, '--retries', '0'], { cwd: w.dir, stdio: 'ignore' });
  let seen = 0;
  w.server.onRequest = () => {
    if (++seen === trigger) setTimeout(() => child.kill('SIGKILL'), delayMs);
  };
  return new Promise((resolve) => child.on('close', (code) => resolve(code)));
}

test('a run killed at any moment is repaired by the next run, byte for byte', async () => {
  await w.publisher.publish({ group: GROUP, sequence: 1, advisories: advisories(1, 30) });
  const baseState = join(w.dir, 'base', 'state');
  const baseOut = join(w.dir, 'base', 'out');
  await pollInProcess(baseState, baseOut);
  // Sequence 2: 20 revised, 10 unchanged, 10 new (30 items to fetch), 0 removed.
  const next = [...advisories(2, 20), ...advisories(1, 30).slice(20), ...advisories(1, 40).slice(30)];
  await w.publisher.publish({ group: GROUP, sequence: 2, advisories: next });
  const refState = join(w.dir, 'ref', 'state');
  const refOut = join(w.dir, 'ref', 'out');
  await cp(join(w.dir, 'base'), join(w.dir, 'ref'), { recursive: true });
  await pollInProcess(refState, refOut);
  const reference = await hashTree(refOut, refOut);

  const outcomes: (number | null)[] = [];
  // On a developer machine these land before the mirror, twice in the middle of it, and after it.
  for (const delayMs of [0, 10, 40, 150]) {
    const runDir = join(w.dir, `run-${delayMs}`);
    await mkdir(runDir);
    await cp(join(w.dir, 'base'), runDir, { recursive: true });
    outcomes.push(await runChildAndKill(join(runDir, 'state'), join(runDir, 'out'), 31, delayMs)); // index + 30 items
    w.server.onRequest = undefined;
    await new Promise((resolve) => setTimeout(resolve, 3_100)); // stale after 2 s; proper-lockfile dates locks up to 1 s ahead
    await pollInProcess(join(runDir, 'state'), join(runDir, 'out'));
    assert.equal(await hashTree(join(runDir, 'out'), join(runDir, 'out')), reference, `killed ${delayMs} ms after the last item request`);
    const stateFiles = Object.keys(await hashTree(join(runDir, 'state'), join(runDir, 'state')));
    assert.equal(stateFiles, ['state.json'], 'no temporary or lock file left');
    await rm(runDir, { recursive: true, force: true });
  }
  assert.ok(outcomes.some((code) => code === null), 'at least one run was really killed');
});

test.run();
