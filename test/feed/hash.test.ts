/**
 * scripts/feed/hash.ts: sha256File reads a file a piece at a time into one buffer it keeps, and
 * gives the hash of the whole file, whatever its size against that buffer's, file after file.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sha256File, sha256Hex } from '../../scripts/feed/hash.js';

test('sha256File: the SHA-256 of every byte, for files smaller, as large and larger than its buffer', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sha256-file-'));
  try {
    // Largest first, so that a smaller file read after it would show any bytes left over.
    for (const size of [300_000, (1 << 16) + 1, 1 << 16, (1 << 16) - 1, 4096, 1, 0]) {
      const data = randomBytes(size);
      const file = path.join(dir, `f${size}`);
      writeFileSync(file, data);
      assert.is(sha256File(file), sha256Hex(data), `${size} bytes`);
    }
    assert.throws(() => sha256File(path.join(dir, 'missing')), (error: NodeJS.ErrnoException) => error.code === 'ENOENT');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
