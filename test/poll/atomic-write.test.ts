/** syncData (scripts/poll/atomic-write.ts): the staged files' data made durable before their rename. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SYNC_EACH_UP_TO, syncData } from '../../scripts/poll/atomic-write.js';

let dir: string;
test.before.each(async () => {
  dir = await mkdtemp(join(tmpdir(), 'advisory-feed-sync-'));
});
test.after.each(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('syncs every file one by one where syncfs is not used, and fails on a file that is not there', async () => {
  const files = await Promise.all(Array.from({ length: 20 }, async (_, i) => {
    const path = join(dir, `f${i}.json`);
    await writeFile(path, `{"n":${i}}\n`);
    return path;
  }));
  await syncData(dir, files, { syncfs: false });
  const failed = await syncData(dir, [...files, join(dir, 'missing.json')], { syncfs: false }).then(() => false, () => true);
  assert.ok(failed, 'a file that cannot be synced fails the mirror write');
});

// syncfs(2) flushes the file system and names no file, so only a sync file by file notices a
// missing one: that tells which way the files were synced.
const missing = () => join(dir, 'missing.json');

test(`syncs up to ${SYNC_EACH_UP_TO} files one by one, on Linux too`, async () => {
  const files = await writeFiles(SYNC_EACH_UP_TO - 1);
  await syncData(dir, files);
  const failed = await syncData(dir, [...files, missing()]).then(() => false, () => true);
  assert.ok(failed, 'synced file by file');
});

test('syncs more files with one syncfs on Linux', async () => {
  if (process.platform !== 'linux') return;
  const files = await writeFiles(SYNC_EACH_UP_TO);
  await syncData(dir, [...files, missing()]); // one `sync -f`: the missing file goes unnoticed
});

async function writeFiles(count: number): Promise<string[]> {
  return Promise.all(Array.from({ length: count }, async (_, i) => {
    const path = join(dir, `f${i}.md`);
    await writeFile(path, '---\n---\n');
    return path;
  }));
}

test.run();
