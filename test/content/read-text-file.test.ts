import { execFileSync, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Problems } from '../../scripts/content/problems.js';
import { MAX_FILE_BYTES, readTextFile } from '../../scripts/content/read-text-file.js';

const read = suite('readTextFile');
let base: string;
let root: string;
let outside: string;

read.before.each(async () => {
  base = await mkdtemp(path.join(tmpdir(), 'read-text-file-'));
  root = path.join(base, 'content');
  outside = path.join(base, 'outside');
  await mkdir(path.join(root, 'advisories'), { recursive: true });
  await mkdir(outside);
});
read.after.each(async () => {
  await rm(base, { recursive: true, force: true });
});

async function attempt(rel: string): Promise<{ text: string | undefined; codes: string[] }> {
  const problems = new Problems();
  const text = await readTextFile(root, rel, problems, { missingCode: 'KEY_MISSING' });
  return { text, codes: problems.list.map((p) => p.code) };
}

read('returns the text with the BOM removed and CRLF and CR line ends as \\n', async () => {
  await writeFile(path.join(root, 'advisories/a.md'), '\uFEFFone\r\ntwo\rthree\n');
  assert.equal(await attempt('advisories/a.md'), { text: 'one\ntwo\nthree\n', codes: [] });
});

read('follows a symlink to a file inside the root', async () => {
  await writeFile(path.join(root, 'advisories/real.md'), 'inside\n');
  await symlink('real.md', path.join(root, 'advisories/link.md'));
  assert.equal(await attempt('advisories/link.md'), { text: 'inside\n', codes: [] });
});

read('refuses a file reached through a symlinked folder outside the root (PATH_UNSAFE)', async () => {
  await writeFile(path.join(outside, 'secret.md'), 'secret\n');
  await symlink(outside, path.join(root, 'elsewhere'));
  assert.equal(await attempt('elsewhere/secret.md'), { text: undefined, codes: ['PATH_UNSAFE'] });
});

read('refuses a FIFO at once instead of waiting for a writer (FILE_UNREADABLE)', () => {
  execFileSync('mkfifo', [path.join(root, 'advisories/fifo.md')]);
  // In a child with a time limit: a read that waits for a writer blocks its whole thread.
  const script = `import { Problems } from ${JSON.stringify(new URL('../../scripts/content/problems.ts', import.meta.url).href)};
    import { readTextFile } from ${JSON.stringify(new URL('../../scripts/content/read-text-file.ts', import.meta.url).href)};
    const problems = new Problems();
    const text = await readTextFile(${JSON.stringify(root)}, 'advisories/fifo.md', problems);
    console.log(JSON.stringify({ text, codes: problems.list.map((p) => p.code) }));`;
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20_000 });
  assert.is(child.signal, null, 'the read hung');
  assert.equal(JSON.parse(child.stdout), { codes: ['FILE_UNREADABLE'] });
});

read('refuses a folder, a file over the size cap and invalid UTF-8 (FILE_UNREADABLE)', async () => {
  await mkdir(path.join(root, 'advisories/folder.md'));
  await writeFile(path.join(root, 'advisories/big.md'), Buffer.alloc(MAX_FILE_BYTES + 1, 0x61));
  await writeFile(path.join(root, 'advisories/latin1.md'), Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]));
  for (const name of ['folder.md', 'big.md', 'latin1.md']) {
    assert.equal(await attempt(`advisories/${name}`), { text: undefined, codes: ['FILE_UNREADABLE'] }, name);
  }
});

read('reads a file of exactly the size cap', async () => {
  await writeFile(path.join(root, 'advisories/full.md'), Buffer.alloc(MAX_FILE_BYTES, 0x61));
  assert.is((await attempt('advisories/full.md')).text?.length, MAX_FILE_BYTES);
});

read('reports a missing file with the caller\'s code, and an unsafe path without touching the disk', async () => {
  assert.equal(await attempt('advisories/none.md'), { text: undefined, codes: ['KEY_MISSING'] });
  assert.equal(await attempt('../outside/secret.md'), { text: undefined, codes: ['PATH_UNSAFE'] });
});

read.run();
