/**
 * listMirror (scripts/poll/mirror.ts): one listing of <out>/advisories tells which advisories have
 * both mirror files; anything else (one file, a folder, a link, no folder) means "fetch again".
 * writeMirror: staged items reach <out>/advisories by one rename each, or, into an empty folder,
 * by renaming the staging folder over it (staging.ts).
 */
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { listMirror, writeMirror } from '../../scripts/poll/mirror.js';
import { openStaging, STAGING_DIR } from '../../scripts/poll/staging.js';

async function stageItems(out: string, ids: string[]) {
  const staging = await openStaging(out);
  for (const id of ids) await staging.put(id, { json: new TextEncoder().encode(`{"id":"${id}"}`), md: `# ${id}\n` });
  return staging;
}

test('an advisory counts only with both files, each a regular file', async () => {
  const out = await mkdtemp(path.join(tmpdir(), 'af-mirror-'));
  const dir = path.join(out, 'advisories');
  await mkdir(dir);
  for (const name of ['ADV-1.json', 'ADV-1.md', 'ADV-2.json', 'ADV-4.md', 'ADV-5.json', 'elsewhere.md']) await writeFile(path.join(dir, name), 'x');
  await mkdir(path.join(dir, 'ADV-4.json')); // a folder by the name of a file
  await symlink(path.join(dir, 'elsewhere.md'), path.join(dir, 'ADV-5.md')); // a link is not our file
  const mirror = await listMirror(out);
  assert.equal(['ADV-1', 'ADV-2', 'ADV-3', 'ADV-4', 'ADV-5'].map((id) => mirror.has(id)), [true, false, false, false, false]);
  await rm(out, { recursive: true });
});

test('ids: every advisory id with a mirror file, whole or not; names that are no advisory id are not ours', async () => {
  const out = await mkdtemp(path.join(tmpdir(), 'af-mirror-'));
  const dir = path.join(out, 'advisories');
  await mkdir(dir);
  for (const name of ['ADV-2026-0001.json', 'ADV-2026-0001.md', 'ADV-2026-0004.md', 'notes.md', 'ADV-2026-0005.txt', '..json']) await writeFile(path.join(dir, name), 'x');
  assert.equal((await listMirror(out)).ids(), ['ADV-2026-0001', 'ADV-2026-0004']);
  await rm(out, { recursive: true });
});

test('a mirror without an advisories folder has nothing', async () => {
  const out = await mkdtemp(path.join(tmpdir(), 'af-mirror-'));
  assert.is((await listMirror(out)).has('ADV-1'), false);
  assert.is((await listMirror(path.join(out, 'not-yet'))).has('ADV-1'), false);
  await rm(out, { recursive: true });
});

test('a first sync renames the staging folder over the empty advisories folder, which keeps its mode', async () => {
  const out = await mkdtemp(path.join(tmpdir(), 'af-mirror-'));
  await mkdir(path.join(out, 'advisories'));
  await chmod(path.join(out, 'advisories'), 0o750);
  const staging = await stageItems(out, ['ADV-1', 'ADV-2']);
  const stagingInode = (await stat(path.join(out, STAGING_DIR))).ino;
  await writeMirror(out, { indexPlaintext: new TextEncoder().encode('{}'), ids: ['ADV-1', 'ADV-2'], staging, removed: [] });
  await staging.dispose();
  const advisories = await stat(path.join(out, 'advisories'));
  assert.is(advisories.ino, stagingInode, 'the staging folder itself became the advisories folder');
  assert.is(advisories.mode & 0o7777, 0o750);
  assert.equal((await readdir(path.join(out, 'advisories'))).sort(), ['ADV-1.json', 'ADV-1.md', 'ADV-2.json', 'ADV-2.md']);
  assert.is(await readFile(path.join(out, 'advisories', 'ADV-2.md'), 'utf8'), '# ADV-2\n');
  assert.equal((await readdir(out)).sort(), ['advisories', 'index.json']);
  await rm(out, { recursive: true });
});

test('a later sync renames each staged file into the advisories folder and keeps the others', async () => {
  const out = await mkdtemp(path.join(tmpdir(), 'af-mirror-'));
  await mkdir(path.join(out, 'advisories'));
  await writeFile(path.join(out, 'advisories', 'ADV-0.json'), 'kept');
  const before = (await stat(path.join(out, 'advisories'))).ino;
  const staging = await stageItems(out, ['ADV-1']);
  await writeMirror(out, { indexPlaintext: new TextEncoder().encode('{}'), ids: ['ADV-1'], staging, removed: [] });
  await staging.dispose();
  assert.is((await stat(path.join(out, 'advisories'))).ino, before);
  assert.equal((await readdir(path.join(out, 'advisories'))).sort(), ['ADV-0.json', 'ADV-1.json', 'ADV-1.md']);
  assert.equal((await readdir(out)).sort(), ['advisories', 'index.json']);
  await rm(out, { recursive: true });
});

test.run();
