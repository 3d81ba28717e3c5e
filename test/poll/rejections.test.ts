/**
 * Every way the feed can lie, against a real server and real sealed files. Each case starts from
 * an accepted sequence-2 feed, serves the bad one, and asserts the error code AND that the state
 * and the mirror are byte-for-byte unchanged.
 */
import { readFile, truncate, writeFile } from 'node:fs/promises';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isFeedError } from '../../scripts/feed/errors.js';
import { rejectsWithCode } from '../helpers/assert.js';
import type { Published } from '../helpers/publish-feed.js';
import { GROUP, THREE, makeWorld, type World } from './world.js';

let w: World;
let accepted: Published;
let before: Record<string, string>;

test.before.each(async () => {
  w = await makeWorld();
  accepted = await w.publisher.publish({ group: GROUP, sequence: 2, advisories: THREE });
  await w.poll();
  before = await w.snapshot();
});
test.after.each(async () => {
  await w.close();
});

async function rejects(code: string, overrides: Parameters<World['poll']>[0] = {}) {
  const error = await rejectsWithCode(w.poll(overrides), code);
  assert.equal(await w.snapshot(), before, 'state and mirror must be unchanged');
  return error;
}

const updated = [THREE[0]!, { id: 'ADV-2026-0002', revision: 2 }, THREE[2]!];

test('rejects a tampered item with ITEM_HASH_MISMATCH', async () => {
  const next = await w.publisher.publish({ group: GROUP, sequence: 3, advisories: updated });
  const path = next.itemPaths['ADV-2026-0002']!;
  const bytes = await readFile(path);
  bytes[bytes.length - 5]! ^= 0x01;
  await writeFile(path, bytes);
  await rejects('ITEM_HASH_MISMATCH');
});

test('rejects a truncated item with ITEM_SIZE_MISMATCH', async () => {
  const next = await w.publisher.publish({ group: GROUP, sequence: 3, advisories: updated });
  await truncate(next.itemPaths['ADV-2026-0002']!, 100);
  await rejects('ITEM_SIZE_MISMATCH');
});

test('rejects an item served larger than its index entry with ITEM_TOO_LARGE', async () => {
  const next = await w.publisher.publish({ group: GROUP, sequence: 3, advisories: updated });
  const bytes = await readFile(next.itemPaths['ADV-2026-0002']!);
  w.server.fault('.pgp', {}, { body: new Uint8Array([...bytes, 1, 2, 3]) }); // index untouched, item padded
  await rejects('ITEM_TOO_LARGE');
});

test('rejects an item listed above the item cap before downloading it, with ITEM_TOO_LARGE', async () => {
  await w.publisher.publish({ group: GROUP, sequence: 3, advisories: updated });
  w.server.requests.length = 0;
  await rejects('ITEM_TOO_LARGE', { maxItemBytes: 64 });
  assert.is(w.server.requests.filter((r) => r.path.includes('/items/')).length, 0);
});

test('aborts an endless item with ITEM_TOO_LARGE', async () => {
  await w.publisher.publish({ group: GROUP, sequence: 3, advisories: updated });
  w.server.fault('.pgp', {}, { endless: true });
  await rejects('ITEM_TOO_LARGE');
});

test('rejects an item whose content is another advisory with ITEM_MISMATCH', async () => {
  await w.publisher.publish({
    group: GROUP, sequence: 3, advisories: updated,
    tamperItem: (item) => (item.id === 'ADV-2026-0002' ? { ...item, revision: 7 } : item),
  });
  await rejects('ITEM_MISMATCH');
});

test('rejects an index signed by another key with SIGNATURE_INVALID', async () => {
  await w.publisher.publish({ group: GROUP, sequence: 3, advisories: updated, signer: w.keys.impostor.secret });
  await rejects('SIGNATURE_INVALID');
});

test('rejects an index that is not an OpenPGP message with SIGNATURE_INVALID', async () => {
  await writeFile(accepted.indexPath, '{"format":"advisory-feed/1","group":"acme","sequence":99}');
  await rejects('SIGNATURE_INVALID');
});

test('rejects the index of another group with GROUP_MISMATCH', async () => {
  await w.publisher.publish({ group: GROUP, sequence: 3, advisories: updated, indexGroup: 'other-group' });
  await rejects('GROUP_MISMATCH');
});

test('rejects a replayed older index with ROLLBACK', async () => {
  await w.publisher.publish({ group: GROUP, sequence: 1, advisories: THREE });
  await rejects('ROLLBACK');
});

test('rejects the same sequence with different content with ROLLBACK', async () => {
  await w.publisher.publish({ group: GROUP, sequence: 2, advisories: updated });
  await rejects('ROLLBACK');
});

test('rejects an expired index with FROZEN, saying how old it is', async () => {
  await w.publisher.publish({ group: GROUP, sequence: 3, advisories: updated, expires: new Date(Date.now() - 3 * 86_400_000 - 3_600_000).toISOString() });
  const error = await rejects('FROZEN');
  assert.match(error.message, /3 days 1 hour ago/);
});

test('rejects with FROZEN when the server answers 304 after the accepted index expired', async () => {
  const later = new Date(Date.parse(accepted.index.expires) + 60_000);
  w.server.requests.length = 0;
  await rejects('FROZEN', { now: () => later });
  assert.is(w.server.requests[0]?.status, 304);
});

test('rejects an oversize index with INDEX_TOO_LARGE (announced by Content-Length)', async () => {
  await w.publisher.publish({ group: GROUP, sequence: 3, advisories: updated });
  await rejects('INDEX_TOO_LARGE', { maxIndexBytes: 100 });
});

test('aborts an endless index with INDEX_TOO_LARGE', async () => {
  w.server.fault('index.pgp', { endless: true });
  await rejects('INDEX_TOO_LARGE');
});

test('aborts an oversize chunked index (no Content-Length) with INDEX_TOO_LARGE', async () => {
  w.server.fault('index.pgp', { body: new Uint8Array(5 * 1024 * 1024), chunked: true });
  await rejects('INDEX_TOO_LARGE');
});

test('rejects a signed index whose item path leaves the group folder with INDEX_INVALID (FORMAT_INVALID cause)', async () => {
  await w.publisher.publish({
    group: GROUP, sequence: 3, advisories: updated,
    tamperIndex: (index) => ({ ...index, items: index.items.map((e, i) => (i === 0 ? { ...e, path: '../../../publisher.asc' } : e)) }),
  });
  const error = await rejects('INDEX_INVALID');
  assert.ok(isFeedError(error.cause, 'FORMAT_INVALID'));
});

test('rejects a signed index of a newer format with INDEX_INVALID (FORMAT_VERSION cause)', async () => {
  await w.publisher.publish({ group: GROUP, sequence: 3, advisories: updated, tamperIndex: (index) => ({ ...index, format: 'advisory-feed/2' }) });
  const error = await rejects('INDEX_INVALID');
  assert.ok(isFeedError(error.cause, 'FORMAT_VERSION'));
});

test('rejects an index naming another publisher than the pinned key with INDEX_INVALID', async () => {
  await w.publisher.publish({
    group: GROUP, sequence: 3, advisories: updated,
    tamperIndex: (index) => ({ ...index, publisher: w.keys.impostor.secret.fingerprint }),
  });
  await rejects('INDEX_INVALID');
});

test('rejects a malformed signed item with ITEM_MISMATCH', async () => {
  await w.publisher.publish({
    group: GROUP, sequence: 3, advisories: updated,
    tamperItem: (item) => (item.id === 'ADV-2026-0002' ? { ...item, unexpected: true } as typeof item : item),
  });
  const error = await rejects('ITEM_MISMATCH');
  assert.ok(isFeedError(error.cause, 'FORMAT_INVALID'));
});

test('rejects a feed not encrypted to our key with SIGNATURE_INVALID (DECRYPT_FAILED cause)', async () => {
  await w.publisher.publish({ group: GROUP, sequence: 3, advisories: updated });
  const error = await rejects('SIGNATURE_INVALID', {
    keys: { decryptionKey: w.keys.impostor.secret, publisher: w.keys.publisher.certificate },
  });
  assert.ok(isFeedError(error.cause, 'DECRYPT_FAILED'));
});

test('refuses to run while another run holds the state with STATE_LOCKED', async () => {
  await w.publisher.publish({ group: GROUP, sequence: 3, advisories: updated });
  const { lockState } = await import('../../scripts/poll/lock-state.js');
  const release = await lockState(w.stateDir);
  try {
    await rejectsWithCode(w.poll(), 'STATE_LOCKED');
  } finally {
    await release();
  }
  assert.equal(await w.snapshot(), before);
});

test('rejects a state file poll did not write with STATE_INVALID, touching nothing', async () => {
  await writeFile(`${w.stateDir}/state.json`, '{"format":"something-else"}');
  before = await w.snapshot();
  await rejects('STATE_INVALID');
});

test.run();
