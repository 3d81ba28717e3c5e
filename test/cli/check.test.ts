import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Io } from '../../scripts/cli/command.js';
import { check } from '../../scripts/cli/commands/check.js';
import { main } from '../../scripts/cli/main.js';
import { fixtureRoot } from '../content/fixture-root.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function captureIo(cwd: string): Io & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (l) => out.push(l), stderr: (l) => err.push(l), env: {}, cwd };
}

test('check on the repository samples exits 0 with a one-line summary', async () => {
  const io = captureIo(REPO);
  const code = await main(['check'], io);
  assert.is(code, 0, io.out.join('\n'));
  assert.is(io.out.length, 1);
  assert.match(io.out[0] ?? '', /^ok: \d+ advisories \(public \d+, partner \d+, poc \d+\); \d+ active partners \(partners \d+, partners-poc \d+\).*usable keys$/);
});

test('prints every problem as path:line: CODE message and exits 1', async () => {
  const root = await fixtureRoot('date-order-release');
  try {
    const io = captureIo(REPO);
    assert.is(await main(['check', '--root', root.root, '--now', '2026-11-28T00:00:00Z'], io), 1);
    assert.equal(io.out.map((l) => l.split(' ')[0]), ['advisories/ADV-2025-0001.md:14:']);
    assert.match(io.out[0] ?? '', /^advisories\/ADV-2025-0001\.md:14: DATE_ORDER Expected/);
    assert.match(io.err.join('\n'), /1 problem found/);
  } finally {
    await root.remove();
  }
});

test('--json prints one JSON object per problem', async () => {
  const root = await fixtureRoot('field-unknown');
  try {
    const io = captureIo(REPO);
    assert.is(await check.run({ root: root.root, json: true }, io), 1);
    const problems = io.out.map((l) => JSON.parse(l) as { code: string; path: string; line: number });
    assert.ok(problems.some((p) => p.code === 'FIELD_UNKNOWN' && p.path === 'advisories/ADV-2025-0001.md' && p.line === 4));
  } finally {
    await root.remove();
  }
});

test('--now decides key expiry', async () => {
  const root = await fixtureRoot();
  try {
    // The fixture keys were created 2025-01-01: they do not exist yet in 2024.
    const io = captureIo(root.root);
    assert.is(await check.run({ root: root.root, now: '2024-06-01T00:00:00Z' }, io), 1);
  } finally {
    await root.remove();
  }
});

test('a bad --now is a usage error (exit 2)', async () => {
  const io = captureIo(REPO);
  assert.is(await main(['check', '--now', 'yesterday'], io), 2);
});

test.run();
