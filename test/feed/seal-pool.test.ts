/**
 * scripts/feed/openpgp/seal-pool.ts: a worker pool seals like the calling thread, and with
 * sealInto its workers write the files themselves (named by the SHA-256 of their bytes), with
 * writeFiles signed files and their signatures, leaving nothing behind when a write fails.
 */
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  createSealer, createSealPool, openSealed, readCertificate, readSecretKey, SealedFileWriteError, verifyDetached, type SealPool,
} from '../../scripts/feed/openpgp.js';
import { rejectsWithCode } from '../helpers/assert.js';
import { packetLayout } from '../../scripts/feed/openpgp/packet-framing.js';
import { makeKey } from '../helpers/keys.js';

const text = (s: string) => new TextEncoder().encode(s);
const [publisherKey, aliceKey, bobKey] = [await makeKey({ name: 'Publisher' }), await makeKey({ name: 'Alice' }), await makeKey({ name: 'Bob' })];
const publisher = await readSecretKey(publisherKey.secret);
const [alice, bob] = [await readSecretKey(aliceKey.secret), await readSecretKey(bobKey.secret)];
const groupA = await createSealer(publisher, [await readCertificate(aliceKey.public)]);
const groupB = await createSealer(publisher, [await readCertificate(bobKey.public)]);

const pool = suite('seal pool: workers write what they seal (sealInto) and signed files (writeFiles)');
let workers: SealPool;
let dir: string;

pool.before(async () => {
  workers = await createSealPool(publisher, { threads: 1 });
  dir = await mkdtemp(path.join(tmpdir(), 'advisory-feed-seal-pool-'));
});
pool.after(async () => {
  await workers.close();
  await rm(dir, { recursive: true, force: true });
});

pool('a pool sealing in the calling thread has no sealInto or writeFiles; a worker pool has', async () => {
  const inThread = await createSealPool(publisher, { threads: 0 });
  assert.is(inThread.sealInto, undefined);
  assert.is(inThread.writeFiles, undefined);
  assert.type(workers.sealInto, 'function');
  assert.type(workers.writeFiles, 'function');
});

pool('writes one file per sealer into its folder, named by the SHA-256 of its bytes, that members open', async () => {
  const [a, b] = [path.join(dir, 'a'), path.join(dir, 'b')];
  await Promise.all([mkdir(a), mkdir(b)]);
  const files = await workers.sealInto!(text('{"id":"ADV-1"}'), [groupA, groupB], [a, b]);
  assert.is(files.length, 2);
  for (const [k, [folder, reader]] of ([[a, alice], [b, bob]] as const).entries()) {
    const file = files[k]!;
    assert.is(file.created, true);
    assert.equal(await readdir(folder), [`${file.sha256}.pgp`]);
    const bytes = await readFile(path.join(folder, `${file.sha256}.pgp`));
    assert.is(createHash('sha256').update(bytes).digest('hex'), file.sha256);
    assert.is(bytes.length, file.size);
    assert.is(new TextDecoder().decode(await openSealed(bytes, { decryptionKey: reader, publisher: publisher.certificate })), '{"id":"ADV-1"}');
  }
  // The group's one recipient header, as the calling thread seals under the same sealer.
  const inThread = await createSealPool(publisher, { threads: 0 });
  if (inThread.sealInto !== undefined) throw new Error('expected a pool that seals in this thread');
  const [here] = await inThread.sealForAll(text('{"id":"ADV-1"}'), [groupA]);
  const written = await readFile(path.join(a, `${files[0]!.sha256}.pgp`));
  const header = (bytes: Uint8Array) => {
    const layout = packetLayout(bytes);
    if ('problem' in layout) throw new Error(layout.problem);
    return Buffer.from(bytes.subarray(0, layout.starts.at(-1)));
  };
  assert.ok(header(written).length > 0);
  assert.ok(header(written).equals(header(here!)), 'recipient header');
  // The same layout, so the same length but for the signature's two MPIs: each is written
  // without leading zero bits, and a signature made at another second is shorter by a byte
  // when r or s starts with a zero byte (1 in 128 signatures).
  assert.ok(Math.abs(written.length - here!.length) <= 2, `${written.length} against ${here!.length} bytes`);
});

pool('a failed write rejects with the file system\'s code and leaves no file of that job', async () => {
  const good = path.join(dir, 'good');
  await mkdir(good);
  const missing = path.join(dir, 'missing');
  let error: unknown;
  await workers.sealInto!(text('{"id":"ADV-2"}'), [groupA, groupB], [good, missing]).catch((e: unknown) => { error = e; });
  assert.instance(error, SealedFileWriteError);
  assert.is((error as SealedFileWriteError).code, 'ENOENT');
  assert.match((error as SealedFileWriteError).path ?? '', /missing/);
  assert.equal(await readdir(good), [], 'the file written for the first sealer is removed again');
  // The pool still works afterwards.
  const [file] = await workers.sealInto!(text('{"id":"ADV-3"}'), [groupA], [good]);
  assert.equal(await readdir(good), [`${file!.sha256}.pgp`]);
});


pool('writeFiles writes each file, and beside a signed one its detached signature, never over a file', async () => {
  const folder = await mkdtemp(path.join(dir, 'files-'));
  const [page, key] = [path.join(folder, 'page.html'), path.join(folder, 'key.asc')];
  await workers.writeFiles!([{ path: page, data: text('<p>page</p>'), sign: true }, { path: key, data: text('KEY'), sign: false }]);
  assert.equal((await readdir(folder)).sort(), ['key.asc', 'page.html', 'page.html.asc']);
  assert.is(await readFile(page, 'utf8'), '<p>page</p>');
  assert.is(await readFile(key, 'utf8'), 'KEY');
  await verifyDetached(await readFile(page), await readFile(`${page}.asc`, 'utf8'), publisher.certificate);
  await rejectsWithCode(verifyDetached(text('<p>other</p>'), await readFile(`${page}.asc`, 'utf8'), publisher.certificate), 'SIGNATURE_INVALID');
  // A file that exists already is an error (EEXIST), and stays as it was.
  const error = await workers.writeFiles!([{ path: key, data: text('OTHER'), sign: false }]).catch((e: unknown) => e);
  assert.instance(error, SealedFileWriteError);
  assert.is((error as SealedFileWriteError).code, 'EEXIST');
  assert.is(await readFile(key, 'utf8'), 'KEY');
});

pool('writeFiles: a failed write rejects with the file system\'s code and leaves no file of that job', async () => {
  const folder = await mkdtemp(path.join(dir, 'files-'));
  const error = await workers.writeFiles!([
    { path: path.join(folder, 'a.html'), data: text('a'), sign: true },
    { path: path.join(folder, 'b.json'), data: text('b'), sign: false },
    { path: path.join(folder, 'missing', 'c.html'), data: text('c'), sign: true },
  ]).catch((e: unknown) => e);
  assert.instance(error, SealedFileWriteError);
  assert.is((error as SealedFileWriteError).code, 'ENOENT');
  assert.match((error as SealedFileWriteError).path ?? '', /missing/);
  assert.equal(await readdir(folder), [], 'the files and the signature written before it are removed again');
});

pool.run();
