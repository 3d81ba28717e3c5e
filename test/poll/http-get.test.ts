/**
 * The http(s) transport (scripts/poll/fetch-http.ts over http-get.ts): node:http for plain
 * answers, fetch() for what node:http does not do here (redirects, encoded bodies), against a
 * real server on 127.0.0.1.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createHttpFetcher, MAX_REDIRECTS, redirectRefusal } from '../../scripts/poll/fetch-http.js';
import { rejectsWithCode } from '../helpers/assert.js';

const BODY = new TextEncoder().encode('sealed bytes '.repeat(100));
let server: Server;
let origin: string;
test.before(async () => {
  server = createServer((req, res) => {
    if (req.url === '/moved') return void res.writeHead(301, { location: '/item' }).end();
    const hop = /^\/hop\/(\d+)$/.exec(req.url ?? '');
    if (hop !== null) return void res.writeHead(302, { location: Number(hop[1]) > 0 ? `/hop/${Number(hop[1]) - 1}` : '/item' }).end();
    if (req.url === '/ftp') return void res.writeHead(302, { location: 'ftp://127.0.0.1/item' }).end();
    if (req.url === '/gzip') return void res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync(BODY));
    if (req.url === '/item') return void res.writeHead(200, { 'content-length': BODY.length, etag: '"abc"' }).end(BODY);
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
test.after(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const fetcher = createHttpFetcher({ timeoutMs: 5_000 });
const get = (path: string, maxBytes = 1 << 20) => fetcher.fetch({ url: new URL(path, origin), maxBytes, tooLargeCode: 'ITEM_TOO_LARGE' });

test('reads a plain answer with its validators, many times over kept-alive connections', async () => {
  for (let i = 0; i < 20; i++) {
    const result = await get('/item');
    assert.equal(result.status === 'ok' && { body: new Uint8Array(result.body), etag: result.etag }, { body: new Uint8Array(BODY), etag: '"abc"' });
  }
});

test('follows a redirect (through fetch())', async () => {
  const result = await get('/moved');
  assert.is(result.status, 'ok');
  assert.equal(result.status === 'ok' && new Uint8Array(result.body), new Uint8Array(BODY));
});

test('follows up to MAX_REDIRECTS redirects; one more, or one to another scheme, is HTTP_STATUS and not retried', async () => {
  assert.is((await get(`/hop/${MAX_REDIRECTS - 1}`)).status, 'ok'); // MAX_REDIRECTS hops in all
  const error = await rejectsWithCode(get(`/hop/${MAX_REDIRECTS}`), 'HTTP_STATUS');
  assert.match(error.message, /more than 5 redirects/);
  assert.equal((error as unknown as { retry?: unknown }).retry, { retryable: false });
  assert.match((await rejectsWithCode(get('/ftp'), 'HTTP_STATUS')).message, /a redirect to a ftp: URL/);
});

test('redirectRefusal: never from https down to http; other hosts and http -> https are followed', () => {
  const at = (url: string) => new URL(url);
  assert.match(redirectRefusal(at('https://feeds.example/g/index.pgp'), at('http://feeds.example/g/index.pgp'), 1) ?? '', /https down to plain http/);
  assert.is(redirectRefusal(at('https://feeds.example/g/index.pgp'), at('https://cdn.example/x/index.pgp'), 1), undefined);
  assert.is(redirectRefusal(at('http://feeds.example/g/index.pgp'), at('https://feeds.example/g/index.pgp'), 1), undefined);
  assert.match(redirectRefusal(at('https://feeds.example/'), at('file:///etc/passwd'), 1) ?? '', /file: URL/);
  assert.match(redirectRefusal(at('https://a.example/'), at('https://b.example/'), MAX_REDIRECTS + 1) ?? '', /more than/);
});

test('reads an encoded body decoded (through fetch()), still under the byte cap', async () => {
  const result = await get('/gzip');
  assert.equal(result.status === 'ok' && new Uint8Array(result.body), new Uint8Array(BODY));
  await rejectsWithCode(get('/gzip', 100), 'ITEM_TOO_LARGE');
});

test('refuses a body past the cap announced by Content-Length, and 404 with HTTP_STATUS', async () => {
  await rejectsWithCode(get('/item', 10), 'ITEM_TOO_LARGE');
  await rejectsWithCode(get('/nothing'), 'HTTP_STATUS');
});

test.run();
