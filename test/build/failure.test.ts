/**
 * A build that fails (bad content, bad key, bad state, a write error mid-way, a held lock) leaves
 * the previous output byte-identical: same files, same bytes, same mtimes.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { BuildOptions } from '../../scripts/build/context.js';
import { withLock } from '../../scripts/build/lock.js';
import { nodeFs, type WriteFs } from '../../scripts/build/write/write-fs.js';
import { readTouched, TOUCHED_FILE } from '../../scripts/build/write/touched-log.js';
import { LIMITS } from '../../scripts/feed/schemas.js';
import { rejectsWithCode } from '../helpers/assert.js';
import { Corpus, corpusKey } from '../helpers/corpus.js';
import { NOW, later, standardCorpus } from './corpus-fixture.js';
import { build, changed, snapshot, tempOut } from './fixture.js';

const failure = suite('build: failure leaves the previous output untouched');

/** A corpus built once, then changed so the next build has items, public files, state and indexes to write. */
async function builtAndEdited(): Promise<{ corpus: Corpus; out: string }> {
  const { corpus } = await standardCorpus();
  const out = await tempOut();
  await build(corpus, out, NOW);
  await corpus.advisory({ id: 'ADV-2025-0001', release: { public: '2025-07-08T00:00:00Z' }, body: 'Changed CANARY-0001-base' });
  return { corpus, out };
}

async function assertUntouchedAfter(out: string, failing: () => Promise<unknown>, code: string): Promise<void> {
  const before = await snapshot(out);
  await rejectsWithCode(failing(), code);
  assert.equal(await snapshot(out), before);
}

failure('invalid content: BUILD_CONTENT_INVALID with every problem, nothing written', async () => {
  const { corpus, out } = await builtAndEdited();
  await corpus.file('advisories/ADV-2025-0009.md', '---\nid: ADV-2025-0009\n---\nno title\n');
  const before = await snapshot(out);
  const error = await rejectsWithCode(build(corpus, out, later(1)), 'BUILD_CONTENT_INVALID');
  assert.ok(((error.cause as { problems: unknown[] }).problems).length >= 1);
  assert.equal(await snapshot(out), before);
  await corpus.dispose();
});

failure('a signing key that does not parse, stays locked, or is not the pinned publisher key: BUILD_KEY_INVALID', async () => {
  const { corpus, out } = await builtAndEdited();
  const locked = await corpusKey({ name: 'Locked', passphrase: 'secret words' });
  await assertUntouchedAfter(out, () => build(corpus, out, later(1), { env: { ADVISORY_FEED_SIGNING_KEY: 'not a key' } }), 'BUILD_KEY_INVALID');
  const error = await rejectsWithCode(build(corpus, out, later(1), { env: { ADVISORY_FEED_SIGNING_KEY: locked.secret } }), 'BUILD_KEY_INVALID');
  assert.not.match(error.format(), /secret words/);
  const stranger = await corpusKey({ name: 'Stranger' });
  await assertUntouchedAfter(out, () => build(corpus, out, later(1), { env: { ADVISORY_FEED_SIGNING_KEY: stranger.secret } }), 'BUILD_KEY_INVALID');
  // The key is unlocked while the content loads, but its failure is reported after the content's.
  await corpus.file('advisories/ADV-2025-0009.md', '---\nid: ADV-2025-0009\n---\nno title\n');
  await assertUntouchedAfter(out, () => build(corpus, out, later(1), { env: { ADVISORY_FEED_SIGNING_KEY: 'not a key' } }), 'BUILD_CONTENT_INVALID');
  await corpus.dispose();
});

failure('a passphrase from a file unlocks the key; a missing key file is BUILD_KEY_MISSING', async () => {
  const publisher = await corpusKey({ name: 'Locked Publisher', passphrase: 'correct horse' });
  const corpus = await Corpus.create({ publisher });
  await corpus.partner({ id: 'acme', groups: ['partners', 'trusted'], keys: [await corpusKey()] });
  await corpus.file('secret/pass.txt', 'correct horse\n');
  await corpus.file('secret/key.asc', publisher.secret);
  const out = await tempOut();
  await build(corpus, out, NOW, { env: { ADVISORY_FEED_SIGNING_KEY_FILE: 'secret/key.asc', ADVISORY_FEED_PASSPHRASE_FILE: 'secret/pass.txt' } });
  await assertUntouchedAfter(out, () => build(corpus, out, later(1), { env: { ADVISORY_FEED_SIGNING_KEY_FILE: 'secret/nope.asc' } }), 'BUILD_KEY_MISSING');
  await corpus.dispose();
});

failure('a publisher key without an encryption subkey cannot keep the state: BUILD_KEY_NO_ENCRYPTION', async () => {
  const publisher = await corpusKey({ name: 'Sign Only', signOnly: true });
  const corpus = await Corpus.create({ publisher });
  await corpus.partner({ id: 'acme', groups: ['partners', 'trusted'], keys: [await corpusKey()] });
  const out = await tempOut();
  await rejectsWithCode(build(corpus, out, NOW), 'BUILD_KEY_NO_ENCRYPTION');
  await corpus.dispose();
});

failure('a state not sealed by the publisher key: BUILD_STATE_INVALID, never silently ignored, also opened by a worker', async () => {
  const { corpus, out } = await builtAndEdited();
  const forger = await Corpus.create({ publisher: await corpusKey({ name: 'Another Publisher' }) });
  await forger.partner({ id: 'acme', groups: ['partners', 'trusted'], keys: [await corpusKey({ name: 'Acme 1' })] });
  const forgerOut = await tempOut();
  await build(forger, forgerOut, NOW); // a real state, sealed by another publisher key
  for (const forged of ['forged', await readFile(path.join(forgerOut, '.state.pgp'))]) {
    await writeFile(path.join(out, '.state.pgp'), forged);
    for (const stateWorker of [false, true]) {
      await assertUntouchedAfter(out, () => build(corpus, out, later(1), { stateWorker }), 'BUILD_STATE_INVALID');
    }
  }
  await Promise.all([corpus.dispose(), forger.dispose()]);
});

/** nodeFs, failing the `n`th call of `op` whose target matches `pattern`. */
function failingFs(op: 'writeFile' | 'rename', pattern: RegExp, n = 1): WriteFs {
  let seen = 0;
  const fail = (target: string) => {
    if (!pattern.test(target)) return;
    seen++;
    if (seen === n) throw Object.assign(new Error('injected failure'), { code: 'EIO' });
  };
  return {
    ...nodeFs,
    async writeFile(p, data) {
      if (op === 'writeFile') fail(p);
      return nodeFs.writeFile(p, data);
    },
    async rename(from, to) {
      if (op === 'rename') fail(to);
      return nodeFs.rename(from, to);
    },
  };
}

failure('a write error on an item, a public file, the state or the second index rolls everything back', async () => {
  const cases: [string, WriteFs, Partial<BuildOptions>?, { settle?: boolean }?][] = [
    ['item', failingFs('writeFile', /\/items\//, 2)],
    ['public file', failingFs('rename', /\.html$/)],
    // The site worker's public tier runs beside the new items and the group indexes (seal.ts).
    ['public file rendered by the site worker', failingFs('rename', /\.html$/), { siteWorker: true }],
    // With the site worker the public tier starts before the items: it is in flight when one fails.
    // `settle`: a public write still under way would land after the build returned.
    ['item, with the site worker\'s public tier started', failingFs('writeFile', /\/items\//, 2), { siteWorker: true }, { settle: true }],
    ['state', failingFs('rename', /\.state\.pgp$/)],
    // Items sealed by worker threads are written by them (SealPool.sealInto) and must go too.
    ['state, after worker threads wrote the new items', failingFs('rename', /\.state\.pgp$/), { sealThreads: 2 }],
    ['second index (after the first was swapped)', failingFs('rename', /index\.pgp$/, 2)],
    // The state recorded as changes to the previous one (state/seal-state.ts).
    ['state changes', failingFs('rename', /\.state-changes\.pgp$/), { stateChangesShare: 1 }],
    ['second index, after the state changes', failingFs('rename', /index\.pgp$/, 2), { stateChangesShare: 1 }],
  ];
  for (const [what, fs, options, check] of cases) {
    const { corpus, out } = await builtAndEdited();
    const before = await snapshot(out);
    await rejectsWithCode(build(corpus, out, later(1), { fs, ...options }), 'BUILD_WRITE_FAILED').catch((e: unknown) => { throw new Error(`${what}: ${String(e)}`); });
    if (check?.settle === true) await new Promise((resolve) => setTimeout(resolve, 1500));
    const after = await snapshot(out);
    assert.equal(changed(before, after), [], what);
    assert.equal(after, before, `${what}: mtimes`);
    // And the next build, without the failure, succeeds from the untouched output.
    const ctx = await build(corpus, out, later(1));
    assert.ok(ctx.written.length > 0, what);
    await corpus.dispose();
  }
});

/** nodeFs, failing the rename to `.state.pgp` and then the undo that puts ADV-2025-0001's page back. */
function undoFailingFs(): WriteFs {
  let pageRenames = 0;
  let stateRenames = 0;
  return {
    ...nodeFs,
    async rename(from, to) {
      if (/\.state\.pgp$/.test(to) && ++stateRenames === 1) throw Object.assign(new Error('injected failure'), { code: 'EIO' });
      if (/adv-2025-0001\/index\.html$/.test(to) && ++pageRenames === 2) throw Object.assign(new Error('injected undo failure'), { code: 'EIO' });
      return nodeFs.rename(from, to);
    },
  };
}

/** The public files of `out` and their hashes (signatures left out: their time differs). */
async function publicFiles(out: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const [file, { sha256 }] of await snapshot(out)) {
    if (!file.startsWith('groups/') && !file.endsWith('.pgp') && !file.endsWith('.asc') && file !== TOUCHED_FILE) files[file] = sha256;
  }
  return files;
}

/** The next build (at later(2)) repairs `out`: it warns BUILD_UNFINISHED, drops the touched log, and leaves a clean build's public files. */
async function assertRepaired(corpus: Corpus, out: string): Promise<void> {
  const repaired = await build(corpus, out, later(2));
  assert.ok(repaired.warnings.some((w) => w.code === 'BUILD_UNFINISHED'));
  assert.is(readTouched(out).size, 0);
  const reference = await tempOut();
  await build(corpus, reference, NOW);
  await build(corpus, reference, later(2));
  assert.equal(await publicFiles(out), await publicFiles(reference));
}

failure('an undo that fails too says so, keeps the touched log, and the next build writes those files again', async () => {
  const { corpus, out } = await builtAndEdited();
  const error = await rejectsWithCode(build(corpus, out, later(1), { fs: undoFailingFs() }), 'BUILD_WRITE_FAILED');
  assert.match(error.message, /1 undo steps failed/);
  assert.match(error.hint ?? '', /do not publish --out; the next build writes again/);
  // The edited page stayed, beside a state that records the old one: the log names it.
  assert.match(await readFile(path.join(out, 'advisories/adv-2025-0001/index.html'), 'utf8'), /Changed CANARY-0001-base/);
  assert.ok(readTouched(out).has('advisories/adv-2025-0001/index.html'));
  // The edit is reverted: the next build puts the page of the state's content back, as a clean build has it.
  await corpus.advisory({ id: 'ADV-2025-0001', release: { poc: '2025-06-24T00:00:00Z', partner: '2025-07-03T00:00:00Z', public: '2025-07-08T00:00:00Z' }, body: '## Details\n\nCANARY-0001-base', sections: [{ tier: 'partner', text: '## Partner notes\n\nCANARY-0001-partner' }, { tier: 'poc', text: '## Exploit\n\n```\nCANARY-0001-poc\n```' }] });
  await assertRepaired(corpus, out);
  assert.not.match(await readFile(path.join(out, 'advisories/adv-2025-0001/index.html'), 'utf8'), /Changed/);
  await corpus.dispose();
});

failure('another failure after files were written, whose undo fails too: BUILD_ROLLBACK_INCOMPLETE, the failure as its cause', async () => {
  const { corpus, out } = await builtAndEdited();
  const limits = LIMITS as { indexSize: number };
  const indexSize = limits.indexSize;
  limits.indexSize = 64; // every index is now too large; the site worker's public tier is written first
  let pageRenames = 0;
  const fs: WriteFs = {
    ...nodeFs,
    async rename(from, to) {
      if (/adv-2025-0001\/index\.html$/.test(to) && ++pageRenames === 2) throw Object.assign(new Error('injected undo failure'), { code: 'EIO' });
      return nodeFs.rename(from, to);
    },
  };
  try {
    const error = await rejectsWithCode(build(corpus, out, later(1), { fs, siteWorker: true }), 'BUILD_ROLLBACK_INCOMPLETE');
    assert.is((error.cause as { code?: string }).code, 'BUILD_INDEX_TOO_LARGE');
    assert.match(error.message, /after BUILD_INDEX_TOO_LARGE, got 1 undo steps failing/);
  } finally {
    limits.indexSize = indexSize;
  }
  assert.ok(readTouched(out).has('advisories/adv-2025-0001/index.html'));
  await corpus.dispose();
});

failure('a new state that cannot be written, or its index, leaves the changes file beside the old state', async () => {
  const { corpus, out } = await builtAndEdited();
  await build(corpus, out, later(1), { stateChangesShare: 1 });
  await corpus.advisory({ id: 'ADV-2025-0002', tier: 'partner', release: { partner: '2025-07-01T00:00:00Z' }, body: 'Changed CANARY-0002-base' });
  for (const fs of [failingFs('rename', /\.state\.pgp$/), failingFs('rename', /index\.pgp$/, 2)]) {
    await assertUntouchedAfter(out, () => build(corpus, out, later(2), { fs, stateChangesShare: 0 }), 'BUILD_WRITE_FAILED');
  }
  const ctx = await build(corpus, out, later(2), { stateChangesShare: 0 });
  assert.ok(ctx.written.includes('.state.pgp'));
  assert.equal(ctx.removed, ['.state-changes.pgp']);
  await corpus.dispose();
});

/** nodeFs, recording the target of every rename. */
function recordingFs(renamed: string[]): WriteFs {
  return { ...nodeFs, rename: async (from, to) => { renamed.push(to); return nodeFs.rename(from, to); } };
}

failure('into an empty --out, public files go straight to their names; a failure there leaves the folder empty', async () => {
  const { corpus } = await standardCorpus();
  const out = await tempOut();
  const renamed: string[] = [];
  const ctx = await build(corpus, out, NOW, { fs: recordingFs(renamed) });
  const relative = renamed.map((to) => path.relative(out, to));
  const publicWritten = ctx.written.filter((rel) => !rel.startsWith('groups/') && rel !== '.state.pgp');
  assert.ok(publicWritten.some((rel) => rel.endsWith('.html')) && publicWritten.some((rel) => rel.endsWith('.asc')));
  // Only the state and the indexes were renamed into place: nothing is published before the build.
  assert.ok(relative.length > 0 && relative.every((rel) => rel === '.state.pgp' || rel.endsWith('/index.pgp')), relative.join(', '));
  // A rebuild into the now published output places a changed public file atomically again.
  await corpus.advisory({ id: 'ADV-2025-0001', release: { public: '2025-07-08T00:00:00Z' }, body: 'Changed CANARY-0001-base' });
  renamed.length = 0;
  await build(corpus, out, later(1), { fs: recordingFs(renamed) });
  assert.ok(renamed.some((to) => to.endsWith('.html')), 'a changed page is renamed into place');
  // A failed first build removes every file it wrote, public files included.
  const fresh = await tempOut();
  await rejectsWithCode(build(corpus, fresh, NOW, { fs: failingFs('writeFile', /\.html$/, 3) }), 'BUILD_WRITE_FAILED');
  assert.equal([...(await snapshot(fresh).catch(() => new Map())).keys()], []); // no file (or no folder) left
  await corpus.dispose();
});

/** nodeFs, counting the files written through it (the build's thread) outside groups/. */
function countingFs(count: { public: number }): WriteFs {
  return { ...nodeFs, writeFile: async (p, data) => { if (!/[/\\]groups[/\\]|\.state\.pgp/.test(p)) count.public++; return nodeFs.writeFile(p, data); } };
}

failure('into an empty --out, worker threads write the public files; a failed build removes them all', async () => {
  const { corpus } = await standardCorpus();
  // The workers write them (writeFiles): none goes through the build's own file system calls.
  const inThread = { public: 0 };
  const threaded = { public: 0 };
  const reference = await tempOut();
  await build(corpus, reference, NOW, { sealThreads: 0, fs: countingFs(inThread) });
  await build(corpus, await tempOut(), NOW, { sealThreads: 2, fs: countingFs(threaded) });
  assert.ok(inThread.public > 10, `public files written by the build's thread: ${inThread.public}`);
  assert.is(threaded.public, 0);
  // A state that cannot be written, after the workers wrote the items and the public files. The
  // empty --out exists already, so the rollback removes the files one by one, not the folder.
  const out = await tempOut();
  await mkdir(out, { recursive: true });
  await rejectsWithCode(build(corpus, out, NOW, { sealThreads: 2, fs: failingFs('rename', /\.state\.pgp$/) }), 'BUILD_WRITE_FAILED');
  assert.equal([...(await snapshot(out).catch(() => new Map())).keys()], []);
  // A public file a worker cannot create (a folder stands at its name): the worker's error, nothing left.
  const page = [...(await snapshot(reference)).keys()].find((f) => /^advisories\/[^/]+\/index\.html$/.test(f)) as string;
  const blocked = await tempOut();
  await mkdir(path.join(blocked, page), { recursive: true });
  const error = await rejectsWithCode(build(corpus, blocked, NOW, { sealThreads: 2 }), 'BUILD_WRITE_FAILED');
  assert.match(error.message, /EEXIST/);
  assert.equal([...(await snapshot(blocked)).keys()], []);
  await corpus.dispose();
});

failure('a public file a killed first build left half written (no state names it) is replaced by the next build', async () => {
  const { corpus } = await standardCorpus();
  const out = await tempOut();
  const reference = await tempOut();
  await build(corpus, reference, NOW);
  await mkdir(out, { recursive: true });
  await writeFile(path.join(out, 'index.html'), '<!doctype html><html><body>half');
  await build(corpus, out, NOW);
  assert.is(await readFile(path.join(out, 'index.html'), 'utf8'), await readFile(path.join(reference, 'index.html'), 'utf8'));
  await corpus.dispose();
});

const lock = suite('build: lock');

lock('a build while another holds the output folder fails with BUILD_LOCKED', async () => {
  const { corpus } = await standardCorpus();
  const out = await tempOut();
  await build(corpus, out, NOW);
  const before = await snapshot(out);
  await withLock(out, async () => {
    await rejectsWithCode(build(corpus, out, later(1)), 'BUILD_LOCKED');
  });
  assert.equal(await snapshot(out), before);
  await corpus.dispose();
});

lock('two builds at once: one wins, the other waits or fails with BUILD_LOCKED; the output is whole', async () => {
  const { corpus } = await standardCorpus();
  const out = await tempOut();
  const results = await Promise.allSettled([build(corpus, out, NOW), build(corpus, out, NOW)]);
  const fulfilled = results.filter((r) => r.status === 'fulfilled');
  assert.ok(fulfilled.length >= 1);
  for (const r of results) if (r.status === 'rejected') assert.is((r.reason as { code?: string }).code, 'BUILD_LOCKED');
  const again = await build(corpus, out, NOW);
  assert.equal(again.written, [], 'the output is complete: a rebuild has nothing to do');
  await corpus.dispose();
});

lock('a build that finds another build\'s state in place (it stalled, its lock was taken over) stops with BUILD_LOCK_LOST and undoes nothing; the next build repairs', async () => {
  const { corpus, out } = await builtAndEdited();
  // As the stalled build writes its first public file, another build "takes over" and puts its state in place.
  let swapped = false;
  const fs: WriteFs = {
    ...nodeFs,
    async writeFile(file, data) {
      await nodeFs.writeFile(file, data);
      if (!swapped && /\.html\.tmp-/.test(file)) {
        swapped = true;
        await writeFile(path.join(out, 'other-state'), await readFile(path.join(out, '.state.pgp')));
        await rename(path.join(out, 'other-state'), path.join(out, '.state.pgp'));
      }
    },
  };
  const other = await readFile(path.join(out, '.state.pgp'));
  await rejectsWithCode(build(corpus, out, later(1), { fs }), 'BUILD_LOCK_LOST');
  assert.ok(swapped);
  assert.equal(await readFile(path.join(out, '.state.pgp')), other, 'the other build\'s state stays');
  const touched = readTouched(out);
  assert.ok(touched.size >= 1, 'the public file it replaced is named for the next build');
  // Nothing was undone: the page it wrote is there, beside a state that does not know it.
  const page = [...touched][0] as string;
  assert.ok(existsSync(path.join(out, page)));
  await assertRepaired(corpus, out);
  await corpus.dispose();
});

failure.run();
lock.run();
