/** Network and server failures: retries with backoff, Retry-After, cut and slow responses, a dead server. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createFetcher, locateFeed } from '../../scripts/poll/index.js';
import { parseRetryAfter } from '../../scripts/poll/fetch-http.js';
import { rejectsWithCode } from '../helpers/assert.js';
import { unusedPort } from '../helpers/feed-server.js';
import { GROUP, THREE, makeWorld, type World } from './world.js';

let w: World;
test.before.each(async () => {
  w = await makeWorld();
  await w.publisher.publish({ group: GROUP, sequence: 1, advisories: THREE });
});
test.after.each(async () => {
  await w.close();
});

const indexRequests = (world: World) => world.server.requests.filter((r) => r.path.endsWith('index.pgp'));

test('retries a server that answers 500 twice, then syncs', async () => {
  w.server.fault('index.pgp', { status: 500 }, { status: 500 });
  const result = await w.poll();
  assert.is(result.summary.new, 3);
  assert.equal(indexRequests(w).map((r) => r.status), [500, 500, 200]);
});

test('gives up with HTTP_STATUS after the retries, leaving state and mirror unchanged', async () => {
  const before = await w.snapshot();
  w.server.fault('index.pgp', { status: 503 }, { status: 503 }, { status: 503 });
  await rejectsWithCode(w.poll(), 'HTTP_STATUS');
  assert.is(indexRequests(w).length, 3); // 1 + 2 retries
  assert.equal(await w.snapshot(), before);
});

test('does not retry a 404', async () => {
  w.server.fault('index.pgp', { status: 404 });
  await rejectsWithCode(w.poll(), 'HTTP_STATUS');
  assert.is(indexRequests(w).length, 1);
});

test('honours Retry-After (seconds) before retrying', async () => {
  w.server.fault('index.pgp', { status: 503, retryAfter: '1' });
  await w.poll();
  const [first, second] = indexRequests(w);
  assert.ok(second!.at - first!.at >= 950, `waited ${second!.at - first!.at} ms`);
});

test('caps a long Retry-After at maxRetryAfterMs', async () => {
  w.server.fault('index.pgp', { status: 429, retryAfter: '3600' });
  const location = locateFeed(w.feedUrl, undefined, w.dir);
  const started = Date.now();
  await w.poll({ fetcher: createFetcher(location.index, { retries: 1, backoffMs: 1, maxRetryAfterMs: 200 }) });
  const waited = Date.now() - started;
  assert.ok(waited >= 190 && waited < 3000, `waited ${waited} ms`);
});

test('retries an item whose connection is cut mid-body, then syncs', async () => {
  w.server.fault('.pgp', {}, { truncateAt: 50 });
  const result = await w.poll();
  assert.is(result.summary.new, 3);
  assert.is(w.server.requests.filter((r) => r.path.includes('/items/')).length, 4);
});

test('fails with NETWORK when every answer is too slow (timeout), touching nothing', async () => {
  const before = await w.snapshot();
  w.server.fault('index.pgp', { delayMs: 400 }, { delayMs: 400 });
  const location = locateFeed(w.feedUrl, undefined, w.dir);
  await rejectsWithCode(w.poll({ fetcher: createFetcher(location.index, { retries: 1, backoffMs: 1, timeoutMs: 150 }) }), 'NETWORK');
  assert.equal(await w.snapshot(), before);
});

test('fails with NETWORK when the server is down, after its retries', async () => {
  const port = await unusedPort();
  const location = locateFeed(`http://127.0.0.1:${port}/groups/${GROUP}/`, undefined, w.dir);
  const sleeps: number[] = [];
  const fetcher = createFetcher(location.index, { retries: 2, backoffMs: 10 }, async (ms) => {
    sleeps.push(ms);
  });
  await rejectsWithCode(w.poll({ location, fetcher }), 'NETWORK');
  assert.equal(sleeps, [10, 20]); // exponential backoff, ms
});

test('falls back to If-Modified-Since when the server sends no ETag (304, one request)', async () => {
  const plain = await makeWorld({ etags: false });
  try {
    await plain.publisher.publish({ group: GROUP, sequence: 1, advisories: THREE });
    await plain.poll();
    plain.server.requests.length = 0;
    const result = await plain.poll();
    assert.is(result.summary.notModified, true);
    assert.is(plain.server.requests.length, 1);
    assert.is(plain.server.requests[0]?.ifNoneMatch, undefined);
    assert.ok(plain.server.requests[0]?.ifModifiedSince);
  } finally {
    await plain.close();
  }
});

test('parses Retry-After as seconds or an HTTP date', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  assert.is(parseRetryAfter('120', now), 120_000);
  assert.is(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now), 30_000);
  assert.is(parseRetryAfter('soon', now), undefined);
  assert.is(parseRetryAfter(null, now), undefined);
});

test.run();
