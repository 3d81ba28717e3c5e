/** `advisory-feed poll` through main(): exit codes 0/1/2/3, the summary, --json lines. */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { encryptKey } from 'openpgp';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Io } from '../../scripts/cli/command.js';
import { main } from '../../scripts/cli/main.js';
import { unusedPort } from '../helpers/feed-server.js';
import { rawSecretKey } from '../helpers/keys.js';
import { GROUP, THREE, makeWorld, type World } from './world.js';

let w: World;
test.before.each(async () => {
  w = await makeWorld();
  await w.publisher.publish({ group: GROUP, sequence: 1, advisories: THREE });
  await writeFile(join(w.dir, 'partner.sec.asc'), w.keys.partner.key.secret);
  await writeFile(join(w.dir, 'publisher.asc'), w.keys.publisher.key.public);
  await writeFile(join(w.dir, 'impostor.asc'), w.keys.impostor.key.public);
});
test.after.each(async () => {
  await w.close();
});

function captureIo(cwd: string): Io & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (l) => out.push(l), stderr: (l) => err.push(l), env: {}, cwd };
}

function args(overrides: Record<string, string> = {}, extra: string[] = []): string[] {
  const options: Record<string, string> = {
    feed: w.feedUrl, key: 'partner.sec.asc', 'publisher-key': 'publisher.asc', state: 'state', out: 'out', retries: '0', ...overrides,
  };
  return ['poll', ...Object.entries(options).flatMap(([k, v]) => [`--${k}`, v]), ...extra];
}

test('exits 0 and prints a short summary; a second run says not modified', async () => {
  const io = captureIo(w.dir);
  assert.is(await main(args(), io), 0, io.err.join('\n'));
  assert.match(io.out.join('\n'), /new\s+ADV-2026-0001 \(revision 1\)/);
  assert.match(io.out.at(-1) ?? '', /^acme: sequence 1, 3 new, 0 updated, 0 withdrawn, 0 removed, 0 unchanged \(3 items fetched/);
  const again = captureIo(w.dir);
  assert.is(await main(args(), again), 0);
  assert.match(again.out.join('\n'), /^acme: not modified, 0 new, 0 updated, 0 withdrawn, 0 removed, 3 unchanged/);
});

test('--json prints one JSON object per line: advisories, then the summary', async () => {
  const io = captureIo(w.dir);
  assert.is(await main(args({}, ['--json']), io), 0);
  const events = io.out.join('\n').split('\n').map((line) => JSON.parse(line)); // as a reader of stdout sees it
  assert.equal(events.map((e) => e.event), ['advisory', 'advisory', 'advisory', 'summary']);
  assert.equal(events[0], { event: 'advisory', id: 'ADV-2026-0001', change: 'new', revision: 1, status: 'published', modified: '2026-01-01T00:00:00Z' });
  assert.is(events[3].new, 3);
});

test('exits 1 with SIGNATURE_INVALID when the pinned publisher key did not sign (and --json reports it)', async () => {
  const io = captureIo(w.dir);
  assert.is(await main(args({ 'publisher-key': 'impostor.asc' }, ['--json']), io), 1);
  const error = JSON.parse(io.out.at(-1) ?? '{}');
  assert.is(error.event, 'error');
  assert.is(error.code, 'SIGNATURE_INVALID');
  assert.match(io.err.join('\n'), /SIGNATURE_INVALID/);
});

test('exits 2 on usage errors: a missing option, a bad number, an unreadable key file', async () => {
  for (const argv of [
    ['poll', '--key', 'partner.sec.asc'],
    args({ retries: 'many' }),
    args({ timeout: '0' }),
    args({ key: 'no-such-file.asc' }),
    args({ feed: 'ftp://example.com/groups/acme/' }),
  ]) {
    const io = captureIo(w.dir);
    assert.is(await main(argv, io), 2, argv.join(' '));
    assert.match(io.err.join('\n'), /Usage error/);
  }
});

test('exits 3 when the server is down', async () => {
  const port = await unusedPort();
  const io = captureIo(w.dir);
  assert.is(await main(args({ feed: `http://127.0.0.1:${port}/groups/${GROUP}/index.pgp` }), io), 3);
  assert.match(io.err.join('\n'), /NETWORK/);
});

test('unlocks a protected key with --passphrase-file; without it exits 1 with KEY_LOCKED', async () => {
  const locked = await encryptKey({ privateKey: await rawSecretKey(w.keys.partner.key), passphrase: 'correct horse' });
  await writeFile(join(w.dir, 'locked.sec.asc'), locked.armor());
  await writeFile(join(w.dir, 'pass.txt'), 'correct horse\n');
  const without = captureIo(w.dir);
  assert.is(await main(args({ key: 'locked.sec.asc' }), without), 1);
  assert.match(without.err.join('\n'), /KEY_LOCKED/);
  const io = captureIo(w.dir);
  assert.is(await main(args({ key: 'locked.sec.asc', 'passphrase-file': 'pass.txt' }), io), 0, io.err.join('\n'));
});

test('--help lists the options with their defaults', async () => {
  const io = captureIo(w.dir);
  assert.is(await main(['poll', '--help'], io), 0);
  assert.match(io.out.join('\n'), /--publisher-key FILE/);
  assert.match(io.out.join('\n'), /--max-index-bytes N .*\(default: 33554432\)/);
});

test.run();
