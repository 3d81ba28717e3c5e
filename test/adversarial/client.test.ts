/**
 * Client cases the threat model names that the poll suites do not already cover (threat model
 * P5-P7): an item replayed from another group or from an earlier build, an index a millisecond
 * past its expiry, absurd Retry-After values, and a partner suspended after it synced. Each
 * rejection asserts its code AND that the state and mirror are byte-for-byte unchanged.
 */
import { copyFile, mkdir } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { isFeedError } from '../../scripts/feed/errors.js';
import { readCertificate, readSecretKey } from '../../scripts/feed/openpgp.js';
import { createFetcher, locateFeed, runPoll } from '../../scripts/poll/index.js';
import { rejectsWithCode } from '../helpers/assert.js';
import { Corpus, corpusKey } from '../helpers/corpus.js';
import type { TestKey } from '../helpers/keys.js';
import { createTestPublisher } from '../helpers/publish-feed.js';
import { GROUP, THREE, hashTree, makeWorld, type World } from '../poll/world.js';
import { build, tempOut } from '../build/fixture.js';

const cdn = suite('adversarial client: a CDN that replays real, signed files');
let w: World;
let before: Record<string, string>;

cdn.before.each(async () => {
  w = await makeWorld();
  await w.publisher.publish({ group: GROUP, sequence: 2, advisories: THREE });
  await w.poll();
  before = await w.snapshot();
});
cdn.after.each(() => w.close());

/**
 * What the client answers when served `served` bytes for an entry listing `listed`: more than
 * listed is refused while downloading (ITEM_TOO_LARGE), fewer after (ITEM_SIZE_MISMATCH), the
 * same size by the hash. Sealed files of one plaintext can differ by a byte (a signature or key
 * MPI with a leading zero byte is one byte shorter).
 */
function substituteCode(served: number, listed: number): string {
  if (served > listed) return 'ITEM_TOO_LARGE';
  return served < listed ? 'ITEM_SIZE_MISMATCH' : 'ITEM_HASH_MISMATCH';
}

async function rejects(code: string, overrides: Parameters<World['poll']>[0] = {}) {
  const error = await rejectsWithCode(w.poll(overrides), code);
  assert.equal(await w.snapshot(), before, 'state and mirror must be unchanged');
  return error;
}

cdn('an item of another group (same advisory and size, signed, our key) served in place of ours: ITEM_HASH_MISMATCH (or a size code)', async () => {
  const updated = [THREE[0]!, { id: 'ADV-2026-0002', revision: 2 }, THREE[2]!];
  const ours = await w.publisher.publish({ group: GROUP, sequence: 3, advisories: updated });
  // Another group's view of the same advisory, of the same length (a different session key makes different bytes).
  const view = { id: 'ADV-2026-0002', revision: 2, markdown: '# Advisory ADV-2026-0002\n\nRevision 2!\n' };
  const theirs = await createTestPublisher(join(w.dir, 'other-site'), w.keys).publish({ group: 'other', sequence: 9, advisories: [view] });
  await copyFile(theirs.itemPaths['ADV-2026-0002']!, ours.itemPaths['ADV-2026-0002']!);
  const oursEntry = ours.index.items.find((e) => e.id === 'ADV-2026-0002')!;
  const theirsEntry = theirs.index.items[0]!;
  await rejects(substituteCode(theirsEntry.size, oursEntry.size));
});

cdn('the item of an earlier build served for the new revision: ITEM_HASH_MISMATCH (or a size code)', async () => {
  const old = await w.publisher.publish({ group: GROUP, sequence: 3, advisories: THREE });
  const updated = await w.publisher.publish({ group: GROUP, sequence: 4, advisories: [THREE[0]!, { id: 'ADV-2026-0002', revision: 2 }, THREE[2]!] });
  await copyFile(old.itemPaths['ADV-2026-0002']!, updated.itemPaths['ADV-2026-0002']!);
  // Same length of plaintext; a signature MPI can still differ by a byte, and then a size check catches it first.
  const size = (p: typeof old) => p.index.items.find((e) => e.id === 'ADV-2026-0002')!.size;
  await rejects(substituteCode(size(old), size(updated)));
});

cdn('an index one millisecond past its expiry is FROZEN; one millisecond before, it is accepted', async () => {
  const expires = '2030-01-01T00:00:00.000Z';
  await w.publisher.publish({ group: GROUP, sequence: 3, advisories: THREE, expires, generated: '2029-12-25T00:00:00.000Z' });
  const at = (ms: number) => () => new Date(Date.parse(expires) + ms);
  await rejects('FROZEN', { now: at(1) });
  await rejects('FROZEN', { now: at(0) });
  await w.poll({ now: at(-1) });
});

cdn('absurd Retry-After values (10^20 s, year 9999, negative, garbage) are capped or ignored: the run ends in bounded time', async () => {
  const location = locateFeed(w.feedUrl, undefined, w.dir);
  for (const retryAfter of ['99999999999999999999', 'Fri, 31 Dec 9999 23:59:59 GMT', '-5', 'soon', '1e9']) {
    w.server.fault('index.pgp', { status: 503, retryAfter });
    const started = Date.now();
    await w.poll({ fetcher: createFetcher(location.index, { retries: 1, backoffMs: 1, maxRetryAfterMs: 300 }) });
    const waited = Date.now() - started;
    assert.ok(waited < 3_000, `Retry-After ${retryAfter}: waited ${waited} ms`);
  }
});

const transport = suite('adversarial client: hostile transport');

transport('a gzip bomb (Content-Encoding: gzip, 64 MiB of zeros in ~64 KiB) stops at the cap: INDEX_TOO_LARGE, nothing written', async () => {
  const w2 = await makeWorld();
  const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024));
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-encoding': 'gzip', 'content-length': String(bomb.length), 'content-type': 'application/octet-stream' });
    res.end(bomb);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const location = locateFeed(`http://127.0.0.1:${port}/groups/${GROUP}/`, undefined, w2.dir);
    const before2 = await w2.snapshot();
    const started = Date.now();
    await rejectsWithCode(w2.poll({ location, fetcher: createFetcher(location.index, { retries: 0, timeoutMs: 10_000 }) }), 'INDEX_TOO_LARGE');
    assert.ok(Date.now() - started < 5_000, 'aborted early, not after inflating everything');
    assert.equal(await w2.snapshot(), before2);
  } finally {
    server.close();
    await w2.close();
  }
});

transport('a redirect to a file: URL is not followed (NETWORK), nothing written', async () => {
  const w2 = await makeWorld();
  const server = createServer((_req, res) => {
    res.writeHead(302, { location: 'file:///etc/passwd' });
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const location = locateFeed(`http://127.0.0.1:${port}/groups/${GROUP}/`, undefined, w2.dir);
    const before2 = await w2.snapshot();
    const error = await w2.poll({ location, fetcher: createFetcher(location.index, { retries: 0 }) }).then(() => undefined, (e: unknown) => e);
    assert.ok(isFeedError(error) && ['NETWORK', 'HTTP_STATUS'].includes(error.code), String(error));
    assert.equal(await w2.snapshot(), before2);
  } finally {
    server.close();
    await w2.close();
  }
});

const suspended = suite('adversarial client: a partner suspended after it synced');

suspended('reads nothing sealed after its suspension (SIGNATURE_INVALID, DECRYPT_FAILED) and keeps what it had, untouched', async () => {
  const corpus = await Corpus.create();
  const [acme, bolt] = [await corpusKey({ name: 'Acme' }), await corpusKey({ name: 'Bolt' })];
  await corpus.partner({ id: 'acme', groups: ['partners'], keys: [acme] });
  await corpus.partner({ id: 'bolt', groups: ['partners', 'trusted'], keys: [bolt] });
  await corpus.advisory({ id: 'ADV-2025-0001', tier: 'partner', release: { partner: '2025-06-01T00:00:00Z' }, body: 'Before the suspension.' });
  const out = await tempOut();
  await build(corpus, out, '2025-07-10T00:00:00Z');
  const work = join(out, '..', 'acme');
  await mkdir(work);
  const poll = async (key: TestKey, now: string) => {
    const location = locateFeed(join(out, 'groups', 'partners'), undefined, work);
    return runPoll({
      location,
      keys: { decryptionKey: await readSecretKey(key.secret), publisher: await readCertificate(corpus.publisher.public) },
      stateDir: join(work, 'state'), outDir: join(work, 'out'),
      fetcher: createFetcher(location.index, { retries: 0 }),
      now: () => new Date(now), maxIndexBytes: 4 * 1024 * 1024, maxItemBytes: 16 * 1024 * 1024,
    });
  };
  const first = await poll(acme, '2025-07-10T01:00:00Z');
  assert.is(first.summary.new, 1);
  const had = await hashTree(work, work);

  await corpus.partner({ id: 'acme', groups: ['partners'], status: 'suspended', keys: [acme] });
  await corpus.advisory({ id: 'ADV-2025-0002', tier: 'partner', release: { partner: '2025-07-11T00:00:00Z' }, body: 'After the suspension CANARY-AFTER.' });
  await build(corpus, out, '2025-07-11T01:00:00Z');
  const error = await rejectsWithCode(poll(acme, '2025-07-11T02:00:00Z'), 'SIGNATURE_INVALID');
  assert.ok(isFeedError(error.cause, 'DECRYPT_FAILED'), 'the index is not encrypted to the suspended key');
  assert.equal(await hashTree(work, work), had, 'its mirror and state keep exactly what it had');
  await corpus.dispose();
});

cdn.run();
transport.run();
suspended.run();
