/**
 * Disk failures at every point of the write stage, and two CLI builds racing on one output
 * (threat model P8). Each injected failure (ENOSPC on the k-th write, rename, link or mkdir)
 * must end in BUILD_WRITE_FAILED with the previous output byte-identical, hash and mtime of
 * every file; the same output then takes the next build.
 */
import { spawn } from 'node:child_process';
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { nodeFs, type WriteFs } from '../../scripts/build/write/write-fs.js';
import type { GroupIndex } from '../../scripts/feed/format.js';
import { rejectsWithCode } from '../helpers/assert.js';
import { builtCorpus, build, LATER, snapshot, type Built } from './world.js';
import { openAs } from '../build/fixture.js';

const disk = suite('adversarial build: a disk failure at any write leaves the previous output untouched');
let b: Built;

disk.before(async () => {
  b = await builtCorpus();
  await b.corpus.advisory({ id: 'ADV-2025-0001', release: { poc: '2025-06-01T00:00:00Z', partner: '2025-06-02T00:00:00Z', public: '2025-06-03T00:00:00Z' }, body: 'Edited base', sections: [{ tier: 'partner', text: 'Edited partner' }, { tier: 'poc', text: 'Edited poc' }] });
  await b.corpus.advisory({ id: 'ADV-2025-0002', tier: 'partner', release: { partner: '2025-06-02T00:00:00Z' }, body: 'New for partners' });
});
disk.after(() => b.corpus.dispose());

type Op = 'writeFile' | 'rename' | 'link' | 'mkdir';
/** nodeFs that counts the calls that put data in place, and fails the `failAt`-th with ENOSPC. */
function countingFs(failAt: number): { fs: WriteFs; calls: () => string[] } {
  const calls: string[] = [];
  const hit = (op: Op, target: string) => {
    calls.push(`${op} ${target}`);
    if (calls.length === failAt) throw Object.assign(new Error('injected: no space left on device'), { code: 'ENOSPC' });
  };
  return {
    calls: () => calls,
    fs: {
      ...nodeFs,
      async writeFile(p, d) { hit('writeFile', p); return nodeFs.writeFile(p, d); },
      async rename(f, t) { hit('rename', t); return nodeFs.rename(f, t); },
      async link(e, a) { hit('link', a); return nodeFs.link(e, a); },
      async mkdir(p) { hit('mkdir', p); return nodeFs.mkdir(p); },
    },
  };
}

disk('ENOSPC at each of the write stage\'s calls in turn: BUILD_WRITE_FAILED, every byte and mtime as before', async () => {
  // Count the calls of a successful build on a copy.
  const copy = path.join(await mkdtemp(path.join(tmpdir(), 'advisory-feed-count-')), '_site');
  await cp(b.out, copy, { recursive: true, preserveTimestamps: true });
  const counter = countingFs(0);
  await build(b.corpus, copy, LATER, { fs: counter.fs });
  const total = counter.calls().length;
  assert.ok(total > 10, `the edit makes the build write items, pages, the state and indexes (${total} calls)`);
  await rm(path.dirname(copy), { recursive: true, force: true });

  const before = await snapshot(b.out);
  for (let k = 1; k <= total; k++) {
    const failing = countingFs(k);
    await rejectsWithCode(build(b.corpus, b.out, LATER, { fs: failing.fs }), 'BUILD_WRITE_FAILED');
    assert.equal(await snapshot(b.out), before, `failure at call ${k}: ${failing.calls()[k - 1]}`);
  }
  const ctx = await build(b.corpus, b.out, LATER);
  assert.ok(ctx.written.length > 0, 'the untouched output then takes the build');
});

const race = suite('adversarial build: two CLI builds at once on one output');

race('one holds the lock; the other waits or exits 1 with BUILD_LOCKED; the output is complete and readable', async () => {
  const b2 = await builtCorpus();
  const bin = path.resolve('bin/advisory-feed.js');
  const run = (now: string) => new Promise<{ code: number | null; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [bin, 'build', '--root', b2.corpus.root, '--out', b2.out, '--now', now], {
      env: { ...process.env, ADVISORY_FEED_SIGNING_KEY: b2.corpus.publisher.secret, CI: '1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
    child.on('exit', (code) => resolve({ code, stderr }));
  });
  await b2.corpus.advisory({ id: 'ADV-2025-0002', tier: 'partner', release: { partner: '2025-06-02T00:00:00Z' }, body: 'Raced' });
  const results = await Promise.all([run('2025-07-12T00:00:00Z'), run('2025-07-13T00:00:00Z')]);
  assert.ok(results.some((r) => r.code === 0), results.map((r) => r.stderr).join('\n'));
  for (const r of results) if (r.code !== 0) assert.match(r.stderr, /BUILD_LOCKED/);
  for (const [group, key] of [['partners', b2.members.partners], ['trusted', b2.members.trusted]] as const) {
    const index = (await openAs(key, b2.corpus.publisher, await readFile(path.join(b2.out, 'groups', group, 'index.pgp')))) as GroupIndex;
    assert.ok(index.items.some((e) => e.id === 'ADV-2025-0002'), `${group} lists the new advisory`);
    for (const e of index.items) await readFile(path.join(b2.out, 'groups', group, e.path));
  }
  await b2.corpus.dispose();
});

disk.run();
race.run();
