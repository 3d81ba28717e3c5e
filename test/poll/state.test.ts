/** scripts/poll/state.ts: strict reading (STATE_INVALID) and atomic replacement. */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { STATE_FORMAT, loadState, saveState, type PollState } from '../../scripts/poll/state.js';
import { rejectsWithCode } from '../helpers/assert.js';

const valid: PollState = {
  format: STATE_FORMAT, feed: 'https://x/groups/acme/', group: 'acme', publisher: 'F'.repeat(40), sequence: 3, indexSha256: 'a'.repeat(64),
  generated: '2026-01-01T00:00:00Z', expires: '2026-01-08T00:00:00Z', accepted: '2026-01-01T00:00:00Z', etag: '"x"',
  items: { 'ADV-2026-0001': { sha256: 'b'.repeat(64), revision: 1, modified: '2026-01-01T00:00:00Z', status: 'published' } },
};

test('round-trips a state and leaves no temporary file; a missing state is the first run', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'poll-state-'));
  try {
    assert.is(await loadState(dir), undefined);
    await saveState(dir, valid);
    assert.equal(await loadState(dir), valid);
    assert.equal(await readdir(dir), ['state.json']);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('rejects anything poll did not write with STATE_INVALID', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'poll-state-'));
  try {
    const bad: unknown[] = [
      'not json',
      [],
      { ...valid, format: 'other/1' },
      { ...valid, sequence: -1 },
      { ...valid, sequence: 1.5 },
      { ...valid, indexSha256: 'xyz' },
      { ...valid, etag: 7 },
      { ...valid, items: { '../escape': valid.items['ADV-2026-0001'] } },
      { ...valid, items: { 'ADV-2026-0001': { ...valid.items['ADV-2026-0001'], status: 'draft' } } },
    ];
    for (const value of bad) {
      await writeFile(join(dir, 'state.json'), typeof value === 'string' ? value : JSON.stringify(value));
      await rejectsWithCode(loadState(dir), 'STATE_INVALID');
    }
    assert.ok((await readFile(join(dir, 'state.json'), 'utf8')).includes('draft'), 'reading never rewrites');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('rejects the state of another group with STATE_INVALID', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'poll-state-'));
  try {
    await saveState(dir, valid);
    assert.is((await loadState(dir, 'acme'))?.group, 'acme');
    await rejectsWithCode(loadState(dir, 'bolt'), 'STATE_INVALID');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test.run();
