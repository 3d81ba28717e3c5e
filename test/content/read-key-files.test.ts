/**
 * readKeyFiles (scripts/content/check-partner-keys.ts): the key files the build's keyring inspects
 * ahead are read with the content's defensive reader, so a symlink out of the root, a FIFO, an
 * oversized or a non-UTF-8 file is left out (loading reports it if a partner names it), and no
 * such file makes the build hang or read outside the root.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { listKeyFiles, readKeyFiles } from '../../scripts/content/check-partner-keys.js';
import { MAX_FILE_BYTES } from '../../scripts/content/read-text-file.js';

test('reads the .asc files of partners/keys/ in name order, and leaves out what the content reader refuses', async () => {
  const base = await mkdtemp(path.join(tmpdir(), 'read-key-files-'));
  try {
    const root = path.join(base, 'content');
    const keys = path.join(root, 'partners/keys');
    await mkdir(keys, { recursive: true });
    await writeFile(path.join(base, 'secret.asc'), 'outside the root\n');
    await writeFile(path.join(keys, 'b.asc'), 'key b\r\n');
    await writeFile(path.join(keys, 'a.asc'), 'key a\n');
    await writeFile(path.join(keys, 'notes.txt'), 'not a key file name\n');
    await writeFile(path.join(keys, 'big.asc'), 'x'.repeat(MAX_FILE_BYTES + 1));
    await writeFile(path.join(keys, 'latin1.asc'), Buffer.from([0x6b, 0xe9, 0x0a]));
    await symlink(path.join(base, 'secret.asc'), path.join(keys, 'escape.asc'));
    execFileSync('mkfifo', [path.join(keys, 'fifo.asc')]);
    assert.equal(await readKeyFiles(root, await listKeyFiles(root)), [
      { armored: 'key a\n', path: 'partners/keys/a.asc' },
      { armored: 'key b\n', path: 'partners/keys/b.asc' },
    ]);
    assert.equal(await listKeyFiles(path.join(base, 'nowhere')), []);
  } finally {
    await rm(base, { recursive: true, force: true });
  }
});

test.run();
