/** syncData (scripts/poll/atomic-write.ts): the staged files' data made durable before their rename. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { syncData } from '../../scripts/poll/atomic-write.js';

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

test('syncs the file system at once where syncfs is available (Linux), or falls back per file', async () => {
  const path = join(dir, 'a.md');
  await writeFile(path, '---\n---\n');
  await syncData(dir, [path]);
});

test.run();
