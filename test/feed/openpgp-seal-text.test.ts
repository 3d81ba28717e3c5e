/**
 * scripts/feed/openpgp/seal-text.mjs: text in pieces (the build state) and large plaintexts (the
 * indexes) sealed in one pass by node:crypto are the message that signInline and encryptSigned
 * make of the joined bytes through openpgp.js's packets (feed-format §5.2): the same header, a
 * SEIPDv1 packet with a definite length and, decrypted, the same one-pass signature and literal
 * data packets and a signature of the same shape. It opens in openpgp.js with
 * `expectSigned` and the pinned key, a changed byte is refused, and small texts, other keys and
 * other configs go through openpgp.js (gpg: test/feed/gpg-interop.test.ts).
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createDecipheriv } from 'node:crypto';
import { enums } from 'openpgp';
import { PGP_CONFIG } from '../../scripts/feed/openpgp/config.js';
import { createSealer, openSealed, readCertificate, readSecretKey } from '../../scripts/feed/openpgp.js';
import { sealerPartsOf } from '../../scripts/feed/openpgp/seal.js';
import { SEAL_TEXT_MIN_BYTES, sealTextNatively } from '../../scripts/feed/openpgp/seal-text.mjs';
import { encryptSigned } from '../../scripts/feed/openpgp/seipd.mjs';
import { signInline } from '../../scripts/feed/openpgp/sign.mjs';
import { makeKey, rawSecretKey } from '../helpers/keys.js';
import { packets } from '../helpers/packets.js';

const publisherKey = await makeKey({ name: 'Publisher' });
const memberKey = await makeKey({ name: 'Member' });
const publisher = { secret: await readSecretKey(publisherKey.secret), cert: await readCertificate(publisherKey.public) };
const member = { secret: await readSecretKey(memberKey.secret), cert: await readCertificate(memberKey.public) };
const TAG_SEIPD = enums.packet.symEncryptedIntegrityProtectedData;

/** ~`bytes` of text in pieces of every size, multi-byte characters included. */
function textPieces(bytes: number): string[] {
  const pieces: string[] = [];
  for (let i = 0, size = 0; size < bytes; i++) {
    const piece = `{"n":${i},"t":"${'é€😀x'.repeat(i % 97)}"},`;
    pieces.push(piece);
    size += Buffer.byteLength(piece);
  }
  return pieces;
}

/** The top-level packets after the recipient header, and the SEIPD packet's decrypted body. */
function inside(file: Uint8Array, sessionKey: Uint8Array): { top: { tag: number; body: Uint8Array }[]; plaintext: Buffer } {
  const top = packets(file);
  const seipd = top.at(-1)!;
  assert.is(seipd.tag, TAG_SEIPD);
  assert.is(seipd.body[0], 1, 'SEIPD version 1');
  const decipher = createDecipheriv('aes-256-cfb', sessionKey, Buffer.alloc(16));
  return { top, plaintext: Buffer.concat([decipher.update(seipd.body.subarray(1)), decipher.final()]) };
}

const native = suite('seal-text.mjs: the message Sealer.seal makes, in one pass');

native('large text opens as the joined text for every member, signed by the publisher', async () => {
  const sealer = await createSealer(publisher.secret, [member.cert, publisher.cert]);
  const pieces = textPieces(3 * SEAL_TEXT_MIN_BYTES);
  const sealed = await sealer.sealPieces(pieces);
  for (const who of [member, publisher]) {
    assert.is(new TextDecoder().decode(await openSealed(sealed, { decryptionKey: who.secret, publisher: publisher.cert })), pieces.join(''));
  }
});

native('the message signInline and encryptSigned make of the joined bytes, but for the signature value: sealPieces and seal', async () => {
  const date = new Date(Math.floor(Date.now() / 1000) * 1000);
  const sealer = await createSealer(publisher.secret, [member.cert], { date });
  const { sessionKey, header } = sealerPartsOf(sealer);
  const pieces = textPieces(2 * SEAL_TEXT_MIN_BYTES);
  const joined = new TextEncoder().encode(pieces.join(''));
  const reference = Buffer.concat([header, await encryptSigned(await signInline(await rawSecretKey(publisherKey), joined, date, PGP_CONFIG), sessionKey, PGP_CONFIG)]);
  const theirs = inside(reference, sessionKey.data);
  const b = packets(theirs.plaintext.subarray(18, -22));
  for (const sealed of [await sealer.sealPieces(pieces), await sealer.seal(joined)]) {
    assert.ok(Buffer.from(sealed.subarray(0, header.length)).equals(Buffer.from(header)), 'the recipient header');
    // A SEIPD packet this large has a five-octet definite length, as openpgp.js writes one.
    assert.equal([sealed[header.length], sealed[header.length + 1]], [0xc0 | TAG_SEIPD, 0xff]);
    const ours = inside(sealed, sessionKey.data);
    assert.equal(ours.top.map((p) => p.tag), theirs.top.map((p) => p.tag));
    const a = packets(ours.plaintext.subarray(18, -22));
    assert.equal(a.map((p) => p.tag), [enums.packet.onePassSignature, enums.packet.literalData, enums.packet.signature]);
    assert.equal(a.map((p) => p.tag), b.map((p) => p.tag));
    assert.equal([...a[0]!.body], [...b[0]!.body], 'one-pass signature');
    assert.ok(Buffer.from(a[1]!.body).equals(Buffer.from(b[1]!.body)), 'literal data: format, name, date and text');
    // Version, type, algorithms and the hashed subpackets' length; the salt and the value differ.
    assert.equal([...a[2]!.body.subarray(0, 6)], [...b[2]!.body.subarray(0, 6)], 'signature fields');
    assert.equal([...ours.plaintext.subarray(16, 18)], [...ours.plaintext.subarray(14, 16)], 'prefix check bytes');
    assert.equal([...ours.plaintext.subarray(-22, -20)], [0xd3, 0x14], 'modification detection code packet');
  }
});

native('pieces of text and bytes mixed open as their concatenation', async () => {
  const parts = sealerPartsOf(await createSealer(publisher.secret, [member.cert]));
  const text = textPieces(SEAL_TEXT_MIN_BYTES);
  const mixed = [text[0]!, new TextEncoder().encode('[bytes]'), ...text.slice(1), new Uint8Array(0), 'end'];
  const sealed = await sealTextNatively(mixed, { privateKey: await rawSecretKey(publisherKey), sessionKey: parts.sessionKey, header: parts.header, date: new Date(), config: PGP_CONFIG });
  assert.ok(sealed);
  const expected = `${text[0]}[bytes]${text.slice(1).join('')}end`;
  assert.is(new TextDecoder().decode(await openSealed(sealed, { decryptionKey: member.secret, publisher: publisher.cert })), expected);
});

native('large pieces are encoded in slices, never cut between the halves of a surrogate pair; onPlaintext sees the bytes', async () => {
  const sealer = await createSealer(publisher.secret, [member.cert]);
  // Pairs at odd and even offsets, in pieces far larger than a slice, and after short pieces.
  const pieces = [1, 2, 3, 4].flatMap((k) => ['x'.repeat(k), '😀'.repeat(40_000 + k), 'é'.repeat(k)]);
  const joined = pieces.join('');
  const seen: Uint8Array[] = [];
  const sealed = await sealer.sealPieces(pieces, { onPlaintext: (bytes) => seen.push(Uint8Array.from(bytes)) });
  assert.is(sealed[sealerPartsOf(sealer).header.length + 1], 0xff, 'sealed in one pass (a five-octet length)');
  assert.ok(Buffer.concat(seen).equals(Buffer.from(joined, 'utf8')), 'onPlaintext saw the joined text as UTF-8, in order');
  assert.is(new TextDecoder().decode(await openSealed(sealed, { decryptionKey: member.secret, publisher: publisher.cert })), joined);
});

native('a changed byte anywhere in the encrypted part is refused', async () => {
  const sealer = await createSealer(publisher.secret, [member.cert]);
  const sealed = await sealer.sealPieces(textPieces(SEAL_TEXT_MIN_BYTES));
  const bodyStart = sealerPartsOf(sealer).header.length + 6;
  for (const at of [bodyStart, bodyStart + 17, bodyStart + 40, Math.floor(sealed.length / 2), sealed.length - 30, sealed.length - 1]) {
    const changed = sealed.slice();
    changed[at] = changed[at]! ^ 0x01;
    await openSealed(changed, { decryptionKey: member.secret, publisher: publisher.cert })
      .then(() => assert.unreachable(`a change at byte ${at} was accepted`), (error: Error) => assert.ok(error instanceof Error));
  }
});

const elsewhere = suite('seal-text.mjs: what openpgp.js seals instead');

elsewhere('text under SEAL_TEXT_MIN_BYTES, another session key or a compressing config', async () => {
  const parts = sealerPartsOf(await createSealer(publisher.secret, [member.cert]));
  const base = { privateKey: await rawSecretKey(publisherKey), sessionKey: parts.sessionKey, header: parts.header, date: new Date(), config: PGP_CONFIG };
  const large = textPieces(SEAL_TEXT_MIN_BYTES);
  assert.ok(await sealTextNatively(large, base));
  assert.is(await sealTextNatively(['x'.repeat(SEAL_TEXT_MIN_BYTES - 1)], base), undefined);
  assert.is(await sealTextNatively(large, { ...base, sessionKey: { data: parts.sessionKey.data, algorithm: 'cast5' } }), undefined);
  assert.is(await sealTextNatively(large, { ...base, config: { ...PGP_CONFIG, preferredCompressionAlgorithm: enums.compression.zlib } }), undefined);
});

elsewhere('an RSA publisher seals large text through openpgp.js (partial bodies), and it opens', async () => {
  const rsaKey = await makeKey({ name: 'RSA publisher', type: 'rsa', rsaBits: 2048 });
  const rsa = { secret: await readSecretKey(rsaKey.secret), cert: await readCertificate(rsaKey.public) };
  const sealer = await createSealer(rsa.secret, [member.cert]);
  const { sessionKey, header } = sealerPartsOf(sealer);
  const pieces = textPieces(SEAL_TEXT_MIN_BYTES);
  assert.is(await sealTextNatively(pieces, { privateKey: await rawSecretKey(rsaKey), sessionKey, header, date: new Date(), config: PGP_CONFIG }), undefined);
  const seen: Uint8Array[] = [];
  const sealed = await sealer.sealPieces(pieces, { onPlaintext: (bytes) => seen.push(Uint8Array.from(bytes)) });
  const lengthOctet = sealed[header.length + 1]!;
  assert.ok(lengthOctet >= 224 && lengthOctet < 255, `a partial body length, got ${lengthOctet}`);
  assert.is(new TextDecoder().decode(await openSealed(sealed, { decryptionKey: member.secret, publisher: rsa.cert })), pieces.join(''));
  assert.ok(Buffer.concat(seen).equals(Buffer.from(pieces.join(''), 'utf8')), 'onPlaintext saw the joined text');
});

native.run();
elsewhere.run();
