/**
 * scripts/content/stat-keys.ts: a file is known by its metadata only while it is the very file
 * whose key was recorded, and never when it changed too recently to tell. Then, through
 * loadContent: a rebuild takes unchanged advisories from the cache without reading them, a file
 * rewritten with text of the same length is read and parsed again, and files the workers read
 * (a first build's) are recorded as those read in the loading thread.
 */
import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { CACHE_DIR } from '../../scripts/content/cache-files.js';
import { loadContent } from '../../scripts/content/index.js';
import { loadProgram } from '../../scripts/content/load-program.js';
import { parseChunk } from '../../scripts/content/parse-ahead-job.js';
import { Problems } from '../../scripts/content/problems.js';
import { readAhead } from '../../scripts/content/read-ahead.js';
import { readTextFileSync } from '../../scripts/content/read-text-file.js';
import { openStatKeys, RACY_MS, settledFingerprint } from '../../scripts/content/stat-keys.js';
import { fixtureRoot, NOW } from './fixture-root.js';

const keys = suite('stat keys');
const FILE = 'advisories/ADV-1.md';
const KNOWN = { key: 'a'.repeat(64), length: 5 };

/** A root with one file, FILE, its key recorded as if read `after` ms after it last changed, and saved. */
async function rootWithFile(after = RACY_MS): Promise<{ root: string; full: string; remove: () => Promise<void> }> {
  const root = await mkdtemp(path.join(tmpdir(), 'advisory-feed-stat-keys-'));
  const full = path.join(root, FILE);
  await mkdir(path.dirname(full));
  await writeFile(full, 'first');
  const opened = await stat(full);
  const keys = await openStatKeys(root);
  const fingerprint = settledFingerprint(opened, Math.max(opened.ctimeMs, opened.mtimeMs) + after);
  if (fingerprint !== undefined) keys.record(FILE, fingerprint, KNOWN);
  await keys.save();
  return { root, full, remove: () => rm(root, { recursive: true, force: true }) };
}

/** File times are kept in ticks of the kernel's clock (a few ms): a change after this shows. */
const TICK_MS = 50;

keys('an unchanged file is known by its recorded key, after a save, in a new run', async () => {
  const { root, remove } = await rootWithFile();
  try {
    assert.equal((await openStatKeys(root)).known(FILE), KNOWN);
    assert.is((await openStatKeys(root)).known('advisories/other.md'), undefined);
  } finally {
    await remove();
  }
});

keys('a file read less than RACY_MS after it changed is not recorded', async () => {
  const { root, remove } = await rootWithFile(RACY_MS - 1);
  try {
    assert.is((await openStatKeys(root)).known(FILE), undefined);
  } finally {
    await remove();
  }
});

keys('a rewrite with as many bytes, a file renamed over it, or its times put back: unknown', async () => {
  for (const change of ['rewrite', 'rename', 'times'] as const) {
    const { root, full, remove } = await rootWithFile();
    try {
      await sleep(TICK_MS);
      const before = await stat(full);
      if (change === 'rewrite') await writeFile(full, 'other');
      if (change === 'rename') {
        await writeFile(`${full}.new`, 'first');
        await utimes(`${full}.new`, before.atime, before.mtime);
        await rename(`${full}.new`, full);
      }
      if (change === 'times') await utimes(full, before.atime, before.mtime); // same mtime, new ctime
      assert.is((await openStatKeys(root)).known(FILE), undefined, change);
    } finally {
      await remove();
    }
  }
});

keys('a file turned into a symlink, or a folder that leaves the root, is unknown', async () => {
  const { root, full, remove } = await rootWithFile();
  const outside = await mkdtemp(path.join(tmpdir(), 'advisory-feed-outside-'));
  try {
    await writeFile(path.join(outside, 'ADV-1.md'), 'first');
    await rm(full);
    await symlink(path.join(outside, 'ADV-1.md'), full);
    assert.is((await openStatKeys(root)).known(FILE), undefined, 'a symlinked file');
    await rm(path.join(root, 'advisories'), { recursive: true });
    await symlink(outside, path.join(root, 'advisories'));
    assert.is((await openStatKeys(root)).known(FILE), undefined, 'a symlinked folder');
    assert.is((await openStatKeys(root)).known('../ADV-1.md'), undefined, 'an unsafe path');
  } finally {
    await remove();
    await rm(outside, { recursive: true, force: true });
  }
});

keys('a stat-keys file of another format, or not JSON, is started afresh', async () => {
  const { root, remove } = await rootWithFile();
  try {
    const file = path.join(root, CACHE_DIR, 'stat-keys.json');
    const doc = JSON.parse(await readFile(file, 'utf8')) as { salt: string };
    await writeFile(file, JSON.stringify({ ...doc, salt: 'something else' }));
    assert.is((await openStatKeys(root)).known(FILE), undefined);
    await writeFile(file, '{"salt": "advisory-feed stat keys 1", "entries": {"advisories/ADV-1.md": ["x", 1, 2]}}');
    assert.is((await openStatKeys(root)).known(FILE), undefined);
    await writeFile(file, 'not json');
    assert.is((await openStatKeys(root)).known(FILE), undefined);
  } finally {
    await remove();
  }
});

const load = suite('stat keys in loadContent');

load('a rebuild reads no unchanged advisory, and reads one rewritten to the same length', async () => {
  const fixture = await fixtureRoot();
  try {
    await sleep(RACY_MS + 100); // the fixture's files were just written: only now can they be recorded
    const first = await loadContent(fixture.root, { now: NOW, cache: true, readAhead: false });
    const files = first.tally.parsed;
    assert.ok(files >= 2);
    const second = await loadContent(fixture.root, { now: NOW, cache: true, readAhead: false });
    assert.equal(second.tally, { parsed: 0, cached: files, keyOnly: files, unread: files });
    assert.is(JSON.stringify(second.content), JSON.stringify(first.content));
    // The same number of characters, other text: the title changes.
    const changed = first.content.advisories[0]!;
    const full = path.join(fixture.root, changed.source.path);
    const text = await readFile(full, 'utf8');
    const edited = text.replace(changed.title, changed.title.replace(/.$/, (c) => (c === 'X' ? 'Y' : 'X')));
    assert.is.not(edited, text);
    assert.is(edited.length, text.length);
    await writeFile(full, edited);
    const third = await loadContent(fixture.root, { now: NOW, cache: true, readAhead: false });
    assert.equal(third.tally, { parsed: 1, cached: files - 1, keyOnly: files - 1, unread: files - 1 });
    assert.is.not(third.content.advisories[0]?.title, changed.title);
    // Just changed, so not recorded: read again (from the parse cache) until it is old enough.
    const fourth = await loadContent(fixture.root, { now: NOW, cache: true, readAhead: false });
    assert.equal(fourth.tally, { parsed: 0, cached: files, keyOnly: files - 1, unread: files - 1 });
  } finally {
    await fixture.remove();
  }
});

load('files read by the read-ahead or the parse-ahead worker are recorded as if read here', async () => {
  const fixture = await fixtureRoot();
  try {
    await sleep(RACY_MS + 100);
    const files = (await readdir(path.join(fixture.root, 'advisories'))).filter((f) => f.endsWith('.md')).map((f) => `advisories/${f}`);
    const here = (file: string) => {
      let fingerprint: string | undefined;
      assert.type(readTextFileSync(fixture.root, file, new Problems(), { opened: (stats, at) => void (fingerprint = settledFingerprint(stats, at)) }), 'string');
      assert.type(fingerprint, 'string');
      return fingerprint;
    };
    // The read-ahead worker sends each file's fingerprint beside its text.
    const reader = readAhead(fixture.root, files, { worker: true });
    try {
      for (const file of files) {
        let sent: string | undefined;
        assert.type(await reader.read(file, new Problems(), (fingerprint) => void (sent = fingerprint)), 'string');
        assert.is(sent, here(file), file);
      }
    } finally {
      await reader.close();
    }
    // The parse-ahead job (the worker runs it) returns it with each file it read.
    const { program } = await loadProgram(fixture.root, new Problems());
    const parsed = await parseChunk(fixture.root, files, program!, new Set());
    assert.equal(parsed.map((result) => result?.settled), files.map(here));
    // A first build's load, its files read by the worker, records them: the next load reads none.
    const first = await loadContent(fixture.root, { now: NOW, cache: true, readAhead: true });
    const clean = first.tally.parsed;
    const second = await loadContent(fixture.root, { now: NOW, cache: true, readAhead: false });
    assert.equal(second.tally, { parsed: 0, cached: clean, keyOnly: clean, unread: clean });
  } finally {
    await fixture.remove();
  }
});

keys.run();
load.run();
