/**
 * openInWorker and openSealedAside (scripts/feed/openpgp/open-aside.ts): a worker thread opens what
 * openSealed opens, to the byte, given the bytes or the file's path, and refuses what it refuses;
 * openSealedAside then reports openSealed's own code.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createSealer, openInWorker, openSealed, openSealedAside, readCertificate, readSecretKey } from '../../scripts/feed/openpgp.js';
import { rejectsWithCode } from '../helpers/assert.js';
import { makeKey } from '../helpers/keys.js';

const party = async (name: string) => {
  const key = await makeKey({ name });
  return { secret: await readSecretKey(key.secret), cert: await readCertificate(key.public) };
};
const publisher = await party('Publisher');
const mallory = await party('Mallory');
// As the build opens its state: the signing key decrypts, its own certificate verifies.
const keys = { decryptionKey: publisher.secret, publisher: publisher.cert };

/** Several chunks of multi-byte text, as the state is sealed (Sealer.sealPieces). */
const pieces = Array.from({ length: 3000 }, (_, n) => `{"n":${n},"text":"zoë 😀 ${'x'.repeat(n % 500)}"},`);
const sealed = await (await createSealer(publisher.secret, [publisher.cert])).sealPieces(pieces);
const expected = new TextEncoder().encode(pieces.join(''));

test('a worker opens a sealed file to the same bytes as openSealed, and leaves the caller its bytes', async () => {
  const copy = sealed.slice();
  const opened = await openInWorker(sealed, keys);
  assert.equal(Buffer.compare(Buffer.from(opened), Buffer.from(expected)), 0);
  assert.equal(Buffer.compare(Buffer.from(opened), Buffer.from(await openSealed(sealed, keys))), 0);
  assert.equal(Buffer.compare(Buffer.from(sealed), Buffer.from(copy)), 0, 'the caller keeps its bytes');
  assert.equal(Buffer.compare(Buffer.from(await openSealedAside(sealed, keys)), Buffer.from(expected)), 0);
  assert.equal(Buffer.compare(Buffer.from(await openSealedAside(sealed, keys, { worker: false })), Buffer.from(expected)), 0);
});

test('the worker refuses a forged, a tampered and a malformed file; openSealedAside reports openSealed\'s code', async () => {
  const forged = await (await createSealer(mallory.secret, [publisher.cert])).seal(new TextEncoder().encode('forged'));
  const tampered = sealed.slice();
  tampered[tampered.length - 30]! ^= 0x01;
  const cases: [Uint8Array, string][] = [
    [forged, 'SIGNATURE_INVALID'],
    [tampered, 'DECRYPT_FAILED'],
    [new Uint8Array([...sealed.subarray(0, 200)]), 'MESSAGE_MALFORMED'],
    [new TextEncoder().encode('forged'), 'MESSAGE_MALFORMED'],
  ];
  for (const [file, code] of cases) {
    const refused = await openInWorker(file, keys).then(() => false, (error: Error) => !('code' in error));
    assert.ok(refused, `the worker refused it with a plain error (${code})`);
    await rejectsWithCode(openSealedAside(file, keys), code);
    await rejectsWithCode(openSealed(file, keys), code);
  }
});

test('given a path, the worker reads the file itself; refused or missing, the caller reads it and reports', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'open-aside-'));
  try {
    const file = path.join(dir, 'state.pgp');
    await writeFile(file, sealed);
    assert.equal(Buffer.compare(Buffer.from(await openInWorker({ path: file }, keys)), Buffer.from(expected)), 0);
    assert.equal(Buffer.compare(Buffer.from(await openSealedAside({ path: file }, keys)), Buffer.from(expected)), 0);
    assert.equal(Buffer.compare(Buffer.from(await openSealedAside({ path: file }, keys, { worker: false })), Buffer.from(expected)), 0);
    const tampered = sealed.slice();
    tampered[tampered.length - 30]! ^= 0x01;
    await writeFile(file, tampered);
    await rejectsWithCode(openSealedAside({ path: file }, keys), 'DECRYPT_FAILED');
    const missing = await openSealedAside({ path: path.join(dir, 'gone.pgp') }, keys).then(() => 'opened', (error: NodeJS.ErrnoException) => error.code);
    assert.is(missing, 'ENOENT');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('an abort stops the worker and rejects, without opening the file in the caller\'s thread', async () => {
  const ending = new AbortController();
  const opening = openSealedAside(sealed, keys, { signal: ending.signal });
  ending.abort();
  const outcome = await opening.then(() => 'opened', (error: Error) => error.message);
  assert.not.equal(outcome, 'opened', 'not opened in this thread instead');
  ending.abort(); // once more: nothing left to stop
  // Aborted before it started: the same.
  const early = await openSealedAside(sealed, keys, { signal: AbortSignal.abort() }).then(() => 'opened', () => 'rejected');
  assert.is(early, 'rejected');
  // An abort after the answer changes nothing.
  const done = new AbortController();
  const opened = await openSealedAside(sealed, keys, { signal: done.signal });
  done.abort();
  assert.equal(Buffer.compare(Buffer.from(opened), Buffer.from(expected)), 0);
});

test.run();
