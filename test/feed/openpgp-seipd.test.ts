/**
 * scripts/feed/openpgp/seipd.mjs: a signed message's SEIPDv1 packet made by node:crypto (feed-format
 * §5.3) is the packet openpgp.js's encrypt() writes: the same framing and version byte and, once
 * decrypted, the same message packets and MDC packet header, with only the random prefix (and so
 * the MDC's SHA-1) differing. The sealed files open in openpgp.js with `expectSigned` and the
 * pinned key (gpg: test/feed/gpg-interop.test.ts, whose sealed files are made this way too); a
 * changed byte is refused; configs and messages it does not cover are encrypted by openpgp.js.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { decrypt, encrypt, enums, readMessage, type Config, type Message, type SessionKey } from 'openpgp';
import { PGP_CONFIG } from '../../scripts/feed/openpgp/config.js';
import { createSealer, openSealed, readCertificate, readSecretKey } from '../../scripts/feed/openpgp.js';
import { encryptSigned } from '../../scripts/feed/openpgp/seipd.mjs';
import { signInline } from '../../scripts/feed/openpgp/sign.mjs';
import { makeKey, rawSecretKey } from '../helpers/keys.js';
import { packets } from '../helpers/packets.js';

const bytes = (n: number, seed = 3) => Uint8Array.from({ length: n }, (_, i) => (i * 17 + seed) & 0xff);
const publisherKey = await makeKey({ name: 'Publisher' });
const memberKey = await makeKey({ name: 'Member' });
const signingKey = await rawSecretKey(publisherKey);
const sessionKey: SessionKey = { data: randomBytes(32), algorithm: 'aes256' };
const TAG_SEIPD = enums.packet.symEncryptedIntegrityProtectedData;

const signed = (data: Uint8Array) => signInline(signingKey, data, new Date(), PGP_CONFIG);
const theirs = async (message: Message<Uint8Array>, key = sessionKey, config: Config = PGP_CONFIG) =>
  (await encrypt({ message, sessionKey: key, format: 'binary', config })) as Uint8Array;

/** The one SEIPD packet's version byte and decrypted contents (AES-CFB, zero IV: RFC 4880 §5.13). */
function opened(file: Uint8Array, key = sessionKey.data, cipher = 'aes-256-cfb'): { version: number; plaintext: Buffer } {
  const found = packets(file);
  assert.equal(found.map((p) => p.tag), [TAG_SEIPD]);
  const body = found[0]!.body;
  const decipher = createDecipheriv(cipher, key, Buffer.alloc(16));
  return { version: body[0]!, plaintext: Buffer.concat([decipher.update(body.subarray(1)), decipher.final()]) };
}

const layout = suite('seipd.mjs: the packet openpgp.js writes');

layout('same length, framing and version, and the same packets inside, for 0 to 70,000 bytes (each length encoding)', async () => {
  // Message packets of ~60 bytes and more: 1-, 2- and (from 8,384 bytes) 5-byte packet lengths.
  for (const size of [0, 100, 5000, 8200, 8400, 70_000]) {
    const message = await signed(bytes(size));
    const [ours, reference] = [await encryptSigned(message, sessionKey, PGP_CONFIG), await theirs(message)];
    assert.is(ours.length, reference.length, `size ${size}`);
    const headerLength = ours.length - packets(ours)[0]!.body.length;
    assert.equal([...ours.subarray(0, headerLength)], [...reference.subarray(0, headerLength)], `size ${size}: packet header`);
    const [a, b] = [opened(ours), opened(reference)];
    assert.equal([a.version, b.version], [1, 1]);
    // 16 random bytes, their last two repeated; then the message packets and the MDC packet's header.
    assert.equal([...a.plaintext.subarray(16, 18)], [...a.plaintext.subarray(14, 16)], `size ${size}: prefix check bytes`);
    assert.ok(a.plaintext.subarray(18, -20).equals(b.plaintext.subarray(18, -20)), `size ${size}: packets and MDC header`);
    assert.ok(a.plaintext.subarray(18, -22).equals(message.packets.write() as Uint8Array), `size ${size}: the message as written`);
    assert.equal([...a.plaintext.subarray(-22, -20)], [0xd3, 0x14]);
    const mdc = createHash('sha1').update(a.plaintext.subarray(0, -20)).digest();
    assert.ok(a.plaintext.subarray(-20).equals(mdc), `size ${size}: SHA-1 of everything before it`);
  }
});

layout('a fresh random prefix for every packet, also of the same message under the same key', async () => {
  const message = await signed(bytes(300));
  const [one, two] = [await encryptSigned(message, sessionKey, PGP_CONFIG), await encryptSigned(message, sessionKey, PGP_CONFIG)];
  assert.not.ok(opened(one).plaintext.subarray(0, 16).equals(opened(two).plaintext.subarray(0, 16)));
  assert.ok(opened(one).plaintext.subarray(18, -20).equals(opened(two).plaintext.subarray(18, -20)));
});

layout('AES-128 and AES-192 session keys are covered too', async () => {
  const message = await signed(bytes(1000));
  for (const [algorithm, size, cipher] of [['aes128', 16, 'aes-128-cfb'], ['aes192', 24, 'aes-192-cfb']] as const) {
    const key: SessionKey = { data: randomBytes(size), algorithm };
    const [a, b] = [opened(await encryptSigned(message, key, PGP_CONFIG), key.data, cipher), opened(await theirs(message, key), key.data, cipher)];
    assert.ok(a.plaintext.subarray(18, -20).equals(b.plaintext.subarray(18, -20)), algorithm);
  }
});

const fallback = suite('seipd.mjs: what it does not cover, openpgp.js encrypts');

fallback('a config that compresses: the packets inside are a compressed packet, as openpgp.js makes them', async () => {
  const message = await signed(bytes(2000));
  const zlib = { ...PGP_CONFIG, preferredCompressionAlgorithm: enums.compression.zlib };
  const inside = packets(opened(await encryptSigned(message, sessionKey, zlib)).plaintext.subarray(18, -22));
  assert.equal(inside.map((p) => p.tag), [enums.packet.compressedData]);
});

fallback('a message signed as a stream (Sealer.sealPieces) is encrypted by openpgp.js, and opens', async () => {
  const publisher = { secret: await readSecretKey(publisherKey.secret), cert: await readCertificate(publisherKey.public) };
  const sealer = await createSealer(publisher.secret, [await readCertificate(memberKey.public)]);
  const pieces = Array.from({ length: 3000 }, (_, i) => `{"piece":${i}}`);
  const file = await sealer.sealPieces(pieces);
  const opened = await openSealed(file, { decryptionKey: await readSecretKey(memberKey.secret), publisher: publisher.cert });
  assert.is(new TextDecoder().decode(opened), pieces.join(''));
});

const opens = suite('seipd.mjs: sealed files open, changed ones do not');

opens('a sealed file opens in openpgp.js with expectSigned and the pinned publisher key (openSealed)', async () => {
  const publisher = { secret: await readSecretKey(publisherKey.secret), cert: await readCertificate(publisherKey.public) };
  const member = { secret: await readSecretKey(memberKey.secret) };
  const sealer = await createSealer(publisher.secret, [await readCertificate(memberKey.public)]);
  for (const size of [0, 4500, 70_000]) {
    const file = await sealer.seal(bytes(size, size));
    assert.equal([...await openSealed(file, { decryptionKey: member.secret, publisher: publisher.cert })], [...bytes(size, size)], `size ${size}`);
  }
});

opens('a changed byte anywhere in the encrypted part is refused by openpgp.js', async () => {
  const message = await signed(bytes(500));
  const good = await encryptSigned(message, sessionKey, PGP_CONFIG);
  const open = async (file: Uint8Array) => decrypt({
    message: await readMessage({ binaryMessage: file }), sessionKeys: sessionKey, verificationKeys: signingKey.toPublic(), expectSigned: true, format: 'binary', config: PGP_CONFIG,
  });
  assert.equal([...(await open(good)).data as Uint8Array], [...bytes(500)]);
  const bodyStart = good.length - packets(good)[0]!.body.length + 1;
  for (const at of [bodyStart, bodyStart + 17, bodyStart + 200, good.length - 21, good.length - 1]) {
    const bad = Uint8Array.from(good);
    bad[at] = bad[at]! ^ 0x01;
    await open(bad).then(() => assert.unreachable(`a change at byte ${at} was accepted`), (error: Error) => assert.ok(error instanceof Error));
  }
});

layout.run();
fallback.run();
opens.run();
