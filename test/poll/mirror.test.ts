/**
 * listMirror (scripts/poll/mirror.ts): one listing of <out>/advisories tells which advisories have
 * both mirror files; anything else (one file, a folder, a link, no folder) means "fetch again".
 */
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { listMirror } from '../../scripts/poll/mirror.js';

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

test('a mirror without an advisories folder has nothing', async () => {
  const out = await mkdtemp(path.join(tmpdir(), 'af-mirror-'));
  assert.is((await listMirror(out)).has('ADV-1'), false);
  assert.is((await listMirror(path.join(out, 'not-yet'))).has('ADV-1'), false);
  await rm(out, { recursive: true });
});

test.run();
