/** createOpenPool (scripts/feed/openpgp/open-pool.ts): worker threads open what openSealed opens, and refuse what it refuses. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createMessage, encrypt, readKey, readPrivateKey } from 'openpgp';
import { createOpenPool, createSealer, openSealed, readCertificate, readSecretKey, type OpenPool } from '../../scripts/feed/openpgp.js';
import { packetLayout } from '../../scripts/feed/openpgp/packet-framing.js';
import { rejectsWithCode } from '../helpers/assert.js';
import { makeKey } from '../helpers/keys.js';

const text = (s: string) => new TextEncoder().encode(s);
const party = async (name: string) => {
  const key = await makeKey({ name });
  return { key, secret: await readSecretKey(key.secret), cert: await readCertificate(key.public) };
};
const publisher = await party('Publisher');
const alice = await party('Alice');
const mallory = await party('Mallory');
const keys = { decryptionKey: alice.secret, publisher: publisher.cert };
const THEN = new URL('./open-pool-then.mjs', import.meta.url);

type Echo = { text: string; job: { n?: number; refuse?: boolean; probe?: boolean }; data: unknown };
let pool: OpenPool<{ n?: number; refuse?: boolean; probe?: boolean }, Echo>;
test.before(async () => {
  pool = await createOpenPool(keys, { threads: 2, then: THEN, thenData: { from: 'test' } });
});
test.after(async () => {
  await pool.close();
});

/** The pool must refuse `sealed`, and openSealed must refuse it with `code`. */
async function bothRefuse(sealed: Uint8Array, code: string) {
  const opened = await pool.open(sealed, { n: 0 }).then(() => true, () => false);
  assert.is(opened, false, 'the pool opened a file openSealed refuses');
  await rejectsWithCode(openSealed(sealed, keys), code);
}

test('opens many files sealed under one header as openSealed does, and hands each to the then-step', async () => {
  const sealer = await createSealer(publisher.secret, [alice.cert, mallory.cert]);
  const files = await Promise.all(Array.from({ length: 24 }, (_, n) => sealer.seal(text(`item ${n}`))));
  const results = await Promise.all(files.map((file, n) => pool.open(file, { n })));
  for (const [n, file] of files.entries()) {
    assert.equal(results[n], { text: `item ${n}`, job: { n }, data: { from: 'test' } });
    assert.is(new TextDecoder().decode(await openSealed(file, keys)), `item ${n}`);
    assert.is(file.length > 0, true, 'the caller keeps its bytes');
  }
});

test('its workers import the publisher key into WebCrypto once, not once per signature (key-import-memo.mjs)', async () => {
  const sealed = await (await createSealer(publisher.secret, [alice.cert])).seal(text('probe'));
  assert.equal(await pool.open(sealed, { probe: true }), { importsRemembered: true });
  assert.not.ok(Object.hasOwn(globalThis.crypto.subtle, 'importKey'), 'this thread is left as it was');
});

test('leaves the caller its bytes, also a Buffer (whose slice() shares memory)', async () => {
  const sealed = await (await createSealer(publisher.secret, [alice.cert])).seal(text('kept'));
  const buffer = Buffer.alloc(sealed.length); // its own ArrayBuffer, as a socket's chunk has
  buffer.set(sealed);
  assert.is((await pool.open(buffer, { n: 1 })).text, 'kept');
  assert.equal(new Uint8Array(buffer), sealed);
});

test('opens files of several headers (a new header per build or recipient set)', async () => {
  const one = await (await createSealer(publisher.secret, [alice.cert])).seal(text('one'));
  const two = await (await createSealer(publisher.secret, [alice.cert])).seal(text('two'));
  assert.is((await pool.open(two, { n: 2 })).text, 'two');
  assert.is((await pool.open(one, { n: 1 })).text, 'one');
});

test('gives each header its own session key: alternating headers, and a header put on another header\'s file', async () => {
  const [first, second] = [await createSealer(publisher.secret, [alice.cert]), await createSealer(publisher.secret, [alice.cert])];
  const files = await Promise.all([first, second, first, second, first].map((sealer, n) => sealer.seal(text(`file ${n}`))));
  for (const [n, file] of files.entries()) assert.is((await pool.open(file, { n })).text, `file ${n}`);
  // The last file's header (first's), now on second's encrypted packet: refused, as openSealed refuses it.
  const end = (file: Uint8Array) => (packetLayout(file) as { starts: number[] }).starts.at(-1) as number;
  const last = files[4] as Uint8Array;
  const body = files[3] as Uint8Array;
  await bothRefuse(Buffer.concat([last.subarray(0, end(last)), body.subarray(end(body))]), 'DECRYPT_FAILED');
  // A header that did not open is not remembered, as the last or at all.
  const notOurs = await (await createSealer(publisher.secret, [mallory.cert])).seal(text('for mallory'));
  await bothRefuse(notOurs, 'DECRYPT_FAILED');
  await bothRefuse(notOurs, 'DECRYPT_FAILED');
  assert.is((await pool.open(files[0] as Uint8Array, { n: 0 })).text, 'file 0');
});

test('refuses a file signed by another key (openSealed: SIGNATURE_INVALID), also under a header it already opened', async () => {
  const forged = await (await createSealer(mallory.secret, [alice.cert])).seal(text('forged'));
  await bothRefuse(forged, 'SIGNATURE_INVALID');
});

test('refuses an unsigned file (SIGNATURE_MISSING) and one not for this key (DECRYPT_FAILED)', async () => {
  const unsigned = await encrypt({ message: await createMessage({ binary: text('unsigned') }), encryptionKeys: await readKey({ armoredKey: alice.key.public }), format: 'binary' });
  await bothRefuse(unsigned, 'SIGNATURE_MISSING');
  const notOurs = await (await createSealer(publisher.secret, [mallory.cert])).seal(text('for mallory'));
  await bothRefuse(notOurs, 'DECRYPT_FAILED');
});

test('refuses tampered ciphertext (DECRYPT_FAILED), appended bytes and garbage (MESSAGE_MALFORMED)', async () => {
  const sealed = await (await createSealer(publisher.secret, [alice.cert])).seal(text('x'.repeat(400)));
  const tampered = sealed.slice();
  tampered[tampered.length - 30]! ^= 0x01;
  await bothRefuse(tampered, 'DECRYPT_FAILED');
  await bothRefuse(new Uint8Array([...sealed, 0xc1]), 'MESSAGE_MALFORMED');
  await bothRefuse(text('<html>not found</html>'), 'MESSAGE_MALFORMED');
  // A signed but unencrypted message is not a sealed file either.
  const signedOnly = await (await import('openpgp')).sign({
    message: await createMessage({ binary: text('x') }), signingKeys: await readPrivateKey({ armoredKey: publisher.key.secret }), format: 'binary',
  });
  await bothRefuse(signedOnly, 'MESSAGE_MALFORMED');
});

test('a refusal of the then-step rejects, and the pool keeps working', async () => {
  const sealed = await (await createSealer(publisher.secret, [alice.cert])).seal(text('fine'));
  try {
    await pool.open(sealed, { n: 1, refuse: true });
    assert.unreachable('resolved');
  } catch (error) {
    assert.match((error as Error).message, /refused by the then-step/);
  }
  assert.is((await pool.open(sealed, { n: 2 })).text, 'fine');
});

test('after close, opens reject', async () => {
  const other = await createOpenPool<{ n: number }, Echo>(keys, { threads: 1, then: THEN });
  const sealed = await (await createSealer(publisher.secret, [alice.cert])).seal(text('late'));
  await other.close();
  try {
    await other.open(sealed, { n: 1 });
    assert.unreachable('resolved');
  } catch (error) {
    assert.match((error as Error).message, /closed/);
  }
});

test.run();
