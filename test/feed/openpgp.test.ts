import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createMessage, encrypt, readKey, readMessage, readPrivateKey, decryptSessionKeys, enums, PacketList, PublicKeyEncryptedSessionKeyPacket } from 'openpgp';
import {
  createOpenCache, createSealer, inspectKey, openSealed, readCertificate, readSecretKey, recipientsIdFor, signDetached, signPayload, verifyDetached,
  type Certificate, type SecretKey,
} from '../../scripts/feed/openpgp.js';
import { publicKeyOf } from '../../scripts/feed/openpgp/handles.js';
import { packetLayout, packetTags } from '../../scripts/feed/openpgp/packet-framing.js';
import { SEAL_TEXT_MIN_BYTES } from '../../scripts/feed/openpgp/seal-text.mjs';
import { rejectsWithCode } from '../helpers/assert.js';
import { countCalls } from '../helpers/count-calls.js';
import { makeKey, type TestKey } from '../helpers/keys.js';

const text = (s: string) => new TextEncoder().encode(s);
const str = (b: Uint8Array) => new TextDecoder().decode(b);

interface Party { key: TestKey; secret: SecretKey; cert: Certificate }
async function party(name: string, options: Parameters<typeof makeKey>[0] = {}): Promise<Party> {
  const key = await makeKey({ name, ...options });
  return { key, secret: await readSecretKey(key.secret), cert: await readCertificate(key.public) };
}

const publisher = await party('Publisher');
const alice = await party('Alice');
const bob = await party('Bob', { extraEncryptionSubkeys: 1 });
const mallory = await party('Mallory');

const keys = suite('readCertificate / readSecretKey');

keys('reads an armoured and a binary public key with its upper-case fingerprint', async () => {
  assert.is(alice.cert.fingerprint, alice.key.fingerprint);
  assert.match(alice.cert.fingerprint, /^[0-9A-F]{40}$/);
  const binary = (await readKey({ armoredKey: alice.key.public })).write();
  assert.is((await readCertificate(binary)).fingerprint, alice.key.fingerprint);
});

keys('rejects a secret key where a certificate belongs with KEY_NOT_PUBLIC', async () => {
  await rejectsWithCode(readCertificate(alice.key.secret, 'partners/alice.asc'), 'KEY_NOT_PUBLIC');
});

keys('rejects garbage and damaged armour with KEY_UNREADABLE', async () => {
  await rejectsWithCode(readCertificate('not a key'), 'KEY_UNREADABLE');
  await rejectsWithCode(readCertificate(alice.key.public.replace(/\n[A-Za-z0-9+/]{20}/, '\n!!!!')), 'KEY_UNREADABLE');
  await rejectsWithCode(readCertificate(new Uint8Array([1, 2, 3])), 'KEY_UNREADABLE');
});

keys('rejects a file holding two keys with KEY_UNREADABLE', async () => {
  await rejectsWithCode(readCertificate(`${alice.key.public}\n${bob.key.public}`), 'KEY_UNREADABLE');
});

keys('rejects a public key where a secret key is needed with KEY_NOT_SECRET', async () => {
  await rejectsWithCode(readSecretKey(alice.key.public), 'KEY_NOT_SECRET');
});

keys('unlocks a protected key with its passphrase, and reports KEY_LOCKED without or with a wrong one', async () => {
  const locked = await makeKey({ name: 'Locked', passphrase: 'correct horse' });
  await rejectsWithCode(readSecretKey(locked.secret), 'KEY_LOCKED');
  await rejectsWithCode(readSecretKey(locked.secret, 'wrong'), 'KEY_LOCKED');
  const unlocked = await readSecretKey(locked.secret, 'correct horse');
  assert.is(unlocked.fingerprint, locked.fingerprint);
  assert.is(unlocked.certificate.fingerprint, locked.fingerprint);
  assert.not.match(unlocked.certificate.armored, /PRIVATE KEY/);
});

keys('parses an armoured key once per process: a second read shares it (and its verified signatures); a failure is not kept', async () => {
  const again = await readCertificate(alice.key.public, 'partners/alice.asc');
  assert.ok(publicKeyOf(again) === publicKeyOf(alice.cert), 'the same parsed key');
  assert.is(again.fingerprint, alice.cert.fingerprint);
  // Unlocking makes its own copy: the shared parsed key stays locked for the next reader.
  const locked = await makeKey({ name: 'Locked again', passphrase: 'pass' });
  await readSecretKey(locked.secret, 'pass');
  await rejectsWithCode(readSecretKey(locked.secret), 'KEY_LOCKED');
  await rejectsWithCode(readCertificate('-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nbroken\n-----END PGP PUBLIC KEY BLOCK-----'), 'KEY_UNREADABLE');
  await rejectsWithCode(readCertificate('-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nbroken\n-----END PGP PUBLIC KEY BLOCK-----'), 'KEY_UNREADABLE');
});

keys.run();

const seal = suite('createSealer / openSealed');

seal('seals once for several recipients; each opens it with a verified publisher signature', async () => {
  const sealer = await createSealer(publisher.secret, [alice.cert, bob.cert]);
  const sealed = await sealer.seal(text('advisory one'));
  for (const member of [alice, bob]) {
    assert.is(str(await openSealed(sealed, { decryptionKey: member.secret, publisher: publisher.cert })), 'advisory one');
  }
});

seal('writes one PKESK per usable encryption subkey and a SEIPDv1 packet, with nothing compressed', async () => {
  const sealer = await createSealer(publisher.secret, [alice.cert, bob.cert]);
  assert.is(sealer.recipientKeys.length, 3); // alice 1 + bob 2 encryption subkeys
  const message = await readMessage({ binaryMessage: await sealer.seal(text('x')) });
  const tags = [...message.packets].map((p) => (p.constructor as unknown as { tag: number }).tag);
  assert.equal(tags, [enums.packet.publicKeyEncryptedSessionKey, enums.packet.publicKeyEncryptedSessionKey,
    enums.packet.publicKeyEncryptedSessionKey, enums.packet.symEncryptedIntegrityProtectedData]);
  assert.is((message.packets[3] as unknown as { version: number }).version, 1);
  const bobKey = await readPrivateKey({ armoredKey: bob.key.secret });
  const [sessionKey] = await decryptSessionKeys({ message, decryptionKeys: bobKey });
  assert.is(sessionKey?.algorithm, 'aes256');
  const inner = await (await readMessage({ binaryMessage: await sealer.seal(text('x')) })).decrypt([bobKey]);
  const innerTags = [...inner.packets].map((p) => (p.constructor as unknown as { tag: number }).tag);
  // openpgp.js reads the trailing signature packet lazily; the first two show the shape.
  assert.equal(innerTags.slice(0, 2), [enums.packet.onePassSignature, enums.packet.literalData]);
  assert.not.ok(innerTags.includes(enums.packet.compressedData));
});

seal('reuses one header (session key) per sealer and makes a fresh one per sealer', async () => {
  const one = await createSealer(publisher.secret, [alice.cert]);
  const two = await createSealer(publisher.secret, [alice.cert]);
  const [a, b, c] = [await one.seal(text('a')), await one.seal(text('b')), await two.seal(text('a'))];
  const headerOf = async (sealed: Uint8Array) => {
    const list = new PacketList();
    list.push(...(await readMessage({ binaryMessage: sealed })).packets.slice(0, -1));
    return Buffer.from(list.write());
  };
  const header = await headerOf(a);
  assert.ok(header.length > 0 && Buffer.from(a.subarray(0, header.length)).equals(header));
  assert.ok(header.equals(await headerOf(b)));
  assert.not.ok(header.equals(await headerOf(c)));
});

seal('recipientsId depends on the set, not the order, and matches recipientsIdFor', async () => {
  const ab = await createSealer(publisher.secret, [alice.cert, bob.cert]);
  const ba = await createSealer(publisher.secret, [bob.cert, alice.cert]);
  const a = await createSealer(publisher.secret, [alice.cert]);
  assert.is(ab.recipientsId, ba.recipientsId);
  assert.match(ab.recipientsId, /^[0-9a-f]{64}$/);
  assert.is.not(ab.recipientsId, a.recipientsId);
  assert.is(await recipientsIdFor([bob.cert, alice.cert]), ab.recipientsId);
});

seal('sealSigned: one signed payload sealed for two groups opens in both', async () => {
  const payload = await signPayload(publisher.secret, text('shared view'));
  const groupA = await createSealer(publisher.secret, [alice.cert]);
  const groupB = await createSealer(publisher.secret, [bob.cert]);
  assert.is(str(await openSealed(await groupA.sealSigned(payload), { decryptionKey: alice.secret, publisher: publisher.cert })), 'shared view');
  assert.is(str(await openSealed(await groupB.sealSigned(payload), { decryptionKey: bob.secret, publisher: publisher.cert })), 'shared view');
  await rejectsWithCode(groupA.sealSigned(await signPayload(mallory.secret, text('x'))), 'KEY_UNUSABLE');
});

seal('sealPieces: text given in pieces opens as the joined text, under the same header; small text streamed in partial-length packets', async () => {
  const sealer = await createSealer(publisher.secret, [alice.cert, bob.cert]);
  // Under SEAL_TEXT_MIN_BYTES (larger text: openpgp-seal-text.test.ts), in pieces of every size,
  // multi-byte characters included: several partial bodies.
  const pieces = Array.from({ length: 60 }, (_, i) => `{"n":${i},"t":"${'é€😀x'.repeat((i % 97) * 3)}"},`);
  assert.ok(Buffer.byteLength(pieces.join('')) < SEAL_TEXT_MIN_BYTES);
  const sealed = await sealer.sealPieces(pieces);
  for (const member of [alice, bob]) {
    assert.is(str(await openSealed(sealed, { decryptionKey: member.secret, publisher: publisher.cert })), pieces.join(''));
  }
  const whole = await sealer.seal(text('x'));
  const headerLength = (packetLayout(whole) as { starts: number[] }).starts.at(-1) as number;
  assert.equal(Buffer.from(sealed.subarray(0, headerLength)), Buffer.from(whole.subarray(0, headerLength)));
  assert.is(sealed[headerLength], 0xc0 | enums.packet.symEncryptedIntegrityProtectedData); // new-format SEIPD
  const lengthOctet = sealed[headerLength + 1] as number;
  assert.ok(lengthOctet >= 224 && lengthOctet < 255, `a partial body length, got ${lengthOctet}`);
  assert.is(str(await openSealed(await sealer.sealPieces([]), { decryptionKey: alice.secret, publisher: publisher.cert })), '');
});

seal('refuses to seal for nobody (NO_RECIPIENTS) or for an unusable key (KEY_UNUSABLE)', async () => {
  await rejectsWithCode(createSealer(publisher.secret, []), 'NO_RECIPIENTS');
  const expired = await party('Expired', { created: new Date(Date.now() - 3 * 86400e3), expiresIn: 86400 });
  await rejectsWithCode(createSealer(publisher.secret, [alice.cert, expired.cert]), 'KEY_UNUSABLE');
  const v6 = await party('V6', { v6: true });
  await rejectsWithCode(createSealer(publisher.secret, [v6.cert]), 'KEY_UNUSABLE');
  const signOnly = await party('SignOnly', { signOnly: true });
  await rejectsWithCode(createSealer(publisher.secret, [signOnly.cert]), 'KEY_UNUSABLE');
});

seal('refuses a signer whose key is expired at the date with KEY_UNUSABLE', async () => {
  const old = await party('Old Publisher', { created: new Date(Date.now() - 3 * 86400e3), expiresIn: 86400 });
  await rejectsWithCode(createSealer(old.secret, [alice.cert]), 'KEY_UNUSABLE');
});

seal('judges recipient keys at the given date', async () => {
  const shortLived = await party('Short', { expiresIn: 3600 });
  const later = new Date(Date.now() + 2 * 3600e3);
  assert.ok(await createSealer(publisher.secret, [shortLived.cert]));
  await rejectsWithCode(createSealer(publisher.secret, [shortLived.cert], { date: later }), 'KEY_UNUSABLE');
  await rejectsWithCode(recipientsIdFor([shortLived.cert], later), 'KEY_UNUSABLE');
  // Answers are kept per key and moment (a build asks once per group): never across moments.
  const now = new Date();
  assert.is(await recipientsIdFor([shortLived.cert], now), await recipientsIdFor([shortLived.cert], new Date(now.getTime())));
  await rejectsWithCode(recipientsIdFor([shortLived.cert], new Date(later.getTime())), 'KEY_UNUSABLE');
  assert.ok(await createSealer(publisher.secret, [shortLived.cert], { date: now }));
});

seal('a non-recipient cannot open a sealed message (DECRYPT_FAILED)', async () => {
  const sealed = await (await createSealer(publisher.secret, [alice.cert])).seal(text('secret'));
  await rejectsWithCode(openSealed(sealed, { decryptionKey: mallory.secret, publisher: publisher.cert }), 'DECRYPT_FAILED');
});

seal('rejects a message signed by another key with SIGNATURE_INVALID', async () => {
  const forged = await (await createSealer(mallory.secret, [alice.cert])).seal(text('forged'));
  await rejectsWithCode(openSealed(forged, { decryptionKey: alice.secret, publisher: publisher.cert }), 'SIGNATURE_INVALID');
});

seal('rejects an unsigned message with SIGNATURE_MISSING', async () => {
  const message = await createMessage({ binary: text('unsigned') });
  const unsigned = await encrypt({ message, encryptionKeys: await readKey({ armoredKey: alice.key.public }), format: 'binary' });
  await rejectsWithCode(openSealed(unsigned, { decryptionKey: alice.secret, publisher: publisher.cert }), 'SIGNATURE_MISSING');
});

seal('rejects tampered ciphertext with DECRYPT_FAILED and garbage with MESSAGE_MALFORMED', async () => {
  const sealed = await (await createSealer(publisher.secret, [alice.cert])).seal(text('x'.repeat(200)));
  const tampered = sealed.slice();
  tampered[tampered.length - 30]! ^= 0x01;
  await rejectsWithCode(openSealed(tampered, { decryptionKey: alice.secret, publisher: publisher.cert }), 'DECRYPT_FAILED');
  await rejectsWithCode(openSealed(text('<html>not found</html>'), { decryptionKey: alice.secret, publisher: publisher.cert }), 'MESSAGE_MALFORMED');
  await rejectsWithCode(openSealed(sealed.subarray(0, sealed.length - 40), { decryptionKey: alice.secret, publisher: publisher.cert }), 'MESSAGE_MALFORMED');
});

seal.run();

const cached = suite('openSealed with an open cache');

/** Runs `open` and counts the recipient-header packets (PKESK) openpgp.js parsed meanwhile. */
const headerPacketsRead = (open: () => Promise<unknown>) => countCalls(PublicKeyEncryptedSessionKeyPacket.prototype, 'read', open);

const headerEnd = (sealed: Uint8Array) => (packetLayout(sealed) as { starts: number[] }).starts.at(-1) as number;
const spliced = (header: Uint8Array, body: Uint8Array) => Buffer.concat([header.subarray(0, headerEnd(header)), body.subarray(headerEnd(body))]);

cached('opens every file of a header, parsing the header once', async () => {
  const sealer = await createSealer(publisher.secret, [alice.cert, bob.cert]);
  const cache = createOpenCache();
  const aliceKeys = { decryptionKey: alice.secret, publisher: publisher.cert };
  const [one, two, three, four] = await Promise.all(['one', 'two', 'three', 'four'].map((t) => sealer.seal(text(t))));
  // Alice and Bob's three encryption keys: three PKESK packets.
  assert.is(await headerPacketsRead(async () => assert.is(str(await openSealed(one!, aliceKeys, { cache })), 'one')), 3);
  assert.is(await headerPacketsRead(async () => assert.is(str(await openSealed(two!, aliceKeys, { cache })), 'two')), 0);
  // Per decryption key: Bob's first file parses the header, then his second does not.
  const bobKeys = { decryptionKey: bob.secret, publisher: publisher.cert };
  assert.is(await headerPacketsRead(async () => assert.is(str(await openSealed(three!, bobKeys, { cache })), 'three')), 3);
  assert.is(await headerPacketsRead(async () => assert.is(str(await openSealed(four!, bobKeys, { cache })), 'four')), 0);
});

cached('gives a known header\'s session key to no other header, and checks every file in full', async () => {
  const first = await createSealer(publisher.secret, [alice.cert]);
  const second = await createSealer(publisher.secret, [alice.cert]);
  const cache = createOpenCache();
  const keys = { decryptionKey: alice.secret, publisher: publisher.cert };
  const known = await first.seal(text('known header'));
  await openSealed(known, keys, { cache });
  // The known header on another sealer's file: that header's session key does not open it.
  await rejectsWithCode(openSealed(spliced(known, await second.seal(text('other'))), keys, { cache }), 'DECRYPT_FAILED');
  // A header that differs in one byte is not the known one: parsed, and refused.
  const changed = (await first.seal(text('changed header'))).slice();
  changed[headerEnd(changed) - 1]! ^= 0x01;
  assert.ok((await headerPacketsRead(() => rejectsWithCode(openSealed(changed, keys, { cache }), 'DECRYPT_FAILED'))) > 0);
  // Under the known header, damaged ciphertext is still refused, and the header is not forgotten.
  const tampered = (await first.seal(text('x'.repeat(200)))).slice();
  tampered[tampered.length - 30]! ^= 0x01;
  const later = await first.seal(text('still known'));
  assert.is(await headerPacketsRead(() => rejectsWithCode(openSealed(tampered, keys, { cache }), 'DECRYPT_FAILED')), 0);
  assert.is(await headerPacketsRead(async () => assert.is(str(await openSealed(later, keys, { cache })), 'still known')), 0);
});

cached('remembers no header of a file whose signature failed', async () => {
  const forger = await createSealer(mallory.secret, [alice.cert]);
  const cache = createOpenCache();
  const keys = { decryptionKey: alice.secret, publisher: publisher.cert };
  const [forged, again] = [await forger.seal(text('forged')), await forger.seal(text('again'))];
  assert.is(await headerPacketsRead(() => rejectsWithCode(openSealed(forged, keys, { cache }), 'SIGNATURE_INVALID')), 1);
  assert.is(await headerPacketsRead(() => rejectsWithCode(openSealed(again, keys, { cache }), 'SIGNATURE_INVALID')), 1);
});

cached.run();

const detached = suite('signDetached / verifyDetached');

detached('verifies its own armoured detached signature', async () => {
  const data = text('{"version":"https://jsonfeed.org/version/1.1"}');
  const signature = await signDetached(data, publisher.secret);
  assert.match(signature, /^-----BEGIN PGP SIGNATURE-----/);
  await verifyDetached(data, signature, publisher.cert);
});

detached('rejects changed data or another signer with SIGNATURE_INVALID, garbage with MESSAGE_MALFORMED', async () => {
  const data = text('public feed');
  await rejectsWithCode(verifyDetached(text('public feeD'), await signDetached(data, publisher.secret), publisher.cert), 'SIGNATURE_INVALID');
  await rejectsWithCode(verifyDetached(data, await signDetached(data, mallory.secret), publisher.cert), 'SIGNATURE_INVALID');
  await rejectsWithCode(verifyDetached(data, 'nope', publisher.cert), 'MESSAGE_MALFORMED');
});

detached.run();

const inspect = suite('inspectKey');
const codes = async (armored: string, at = new Date()) => (await inspectKey(armored, at)).problems.map((p) => p.code);

inspect('reports a fit ecc key with no problems', async () => {
  const report = await inspectKey(alice.key.public, new Date());
  assert.equal(report.problems, []);
  assert.is(report.canEncrypt, true);
  assert.is(report.version, 4);
  assert.is(report.secret, false);
  assert.is(report.algorithm, 'eddsaLegacy');
  assert.is(report.fingerprint, alice.key.fingerprint);
  assert.is(report.expires, undefined);
});

inspect('reports secret key material with KEY_SECRET', async () => {
  const report = await inspectKey(alice.key.secret, new Date());
  assert.is(report.secret, true);
  assert.equal(report.problems.map((p) => p.code), ['KEY_SECRET']);
});

inspect('reports v6 keys and RFC 9580 X25519/Ed25519 keys as KEY_UNSUPPORTED', async () => {
  assert.ok((await codes((await makeKey({ v6: true })).public)).includes('KEY_UNSUPPORTED'));
  const modern = await inspectKey((await makeKey({ type: 'curve25519' })).public, new Date());
  assert.ok(modern.problems.some((p) => p.code === 'KEY_UNSUPPORTED'));
  assert.is(modern.canEncrypt, false);
});

inspect('reports RSA below 2048 bits as KEY_WEAK', async () => {
  const report = await inspectKey((await makeKey({ type: 'rsa', rsaBits: 1024 })).public, new Date());
  assert.is(report.bits, 1024);
  assert.ok(report.problems.some((p) => p.code === 'KEY_WEAK'));
  assert.is(report.canEncrypt, false);
});

inspect('reports expiry at `now` with KEY_EXPIRED and the expiry date', async () => {
  const key = await makeKey({ expiresIn: 3600 });
  const now = new Date();
  const report = await inspectKey(key.public, new Date());
  assert.equal(report.problems, []);
  assert.ok(report.expires !== undefined && Date.parse(report.expires) > now.getTime());
  assert.equal(await codes(key.public, new Date(now.getTime() + 2 * 3600e3)), ['KEY_EXPIRED']);
});

inspect('reports a revoked key with KEY_REVOKED', async () => {
  const report = await inspectKey((await makeKey({ revoked: true })).public, new Date());
  assert.is(report.revoked, true);
  assert.equal(report.problems.map((p) => p.code), ['KEY_REVOKED']);
});

inspect('reports a signing-only key with KEY_CANNOT_ENCRYPT', async () => {
  assert.equal(await codes((await makeKey({ signOnly: true })).public), ['KEY_CANNOT_ENCRYPT']);
});

inspect('rejects a non-key with KEY_UNREADABLE', async () => {
  await rejectsWithCode(inspectKey('hello', new Date(), 'partners/x.asc'), 'KEY_UNREADABLE');
});

inspect.run();

const hostile = suite('openSealed on hostile input');

hostile('stops a compression bomb encrypted to the partner with MESSAGE_MALFORMED', async () => {
  const message = await createMessage({ binary: new Uint8Array(40 * 1024 * 1024) });
  const bomb = await encrypt({
    message, encryptionKeys: await readKey({ armoredKey: alice.key.public }), signingKeys: await readPrivateKey({ armoredKey: mallory.key.secret }),
    format: 'binary', config: { preferredCompressionAlgorithm: enums.compression.zlib },
  });
  assert.ok(bomb.length < 1024 * 1024);
  const error = await rejectsWithCode(openSealed(bomb, { decryptionKey: alice.secret, publisher: publisher.cert }), 'MESSAGE_MALFORMED');
  assert.match(String((error.cause as Error).message), /decompressed message size/i);
});

hostile('rejects a signed but unencrypted message with MESSAGE_MALFORMED', async () => {
  const signedOnly = await (await import('openpgp')).sign({
    message: await createMessage({ binary: text('x') }), signingKeys: await readPrivateKey({ armoredKey: publisher.key.secret }), format: 'binary',
  });
  await rejectsWithCode(openSealed(signedOnly, { decryptionKey: alice.secret, publisher: publisher.cert }), 'MESSAGE_MALFORMED');
});

hostile('refuses bytes appended after a sealed file, which openpgp.js alone would skip (MESSAGE_MALFORMED)', async () => {
  const sealer = await createSealer(publisher.secret, [alice.cert]);
  const sealed = await sealer.seal(text('the signed index'));
  assert.is(str(await openSealed(sealed, { decryptionKey: alice.secret, publisher: publisher.cert })), 'the signed index');
  for (const tail of [[0xff, 0xff], [0xff], [0xc1], [0x00]]) {
    const grown = new Uint8Array([...sealed, ...tail]);
    const error = await rejectsWithCode(openSealed(grown, { decryptionKey: alice.secret, publisher: publisher.cert }), 'MESSAGE_MALFORMED');
    assert.match(error.message, /feed-format §5\.2/);
  }
});

hostile('refuses two sealed messages glued together and a file cut short (MESSAGE_MALFORMED)', async () => {
  const sealer = await createSealer(publisher.secret, [alice.cert]);
  const one = await sealer.seal(text('one'));
  const two = await sealer.seal(text('two'));
  const keysFor = { decryptionKey: alice.secret, publisher: publisher.cert };
  await rejectsWithCode(openSealed(new Uint8Array([...one, ...two]), keysFor), 'MESSAGE_MALFORMED');
  await rejectsWithCode(openSealed(one.subarray(0, one.length - 1), keysFor), 'MESSAGE_MALFORMED');
});

hostile.run();

const framing = suite('packetTags');

framing('reads new-format and old-format headers, one- to five-octet and partial lengths', () => {
  // new format: tag 1 with a 2-byte body, tag 18 with partial length 2^1 then a final 1-byte part
  assert.equal(packetTags(new Uint8Array([0xc1, 0x02, 0, 0, 0xd2, 0xe1, 9, 9, 0x01, 7])), { tags: [1, 18] });
  // new format five-octet length (3 bytes) and two-octet length (192 bytes)
  const five = [0xc1, 0xff, 0, 0, 0, 3, 1, 2, 3];
  const two = [0xd2, 0xc0, 0x00, ...new Array<number>(192).fill(0)];
  assert.equal(packetTags(new Uint8Array([...five, ...two])), { tags: [1, 18] });
  // old format: tag 1 with a one-octet length, tag 11 with a two-octet length
  assert.equal(packetTags(new Uint8Array([0x84, 0x01, 0xaa, 0xad, 0x00, 0x01, 0xbb])), { tags: [1, 11] });
});

framing('reports truncated lengths, bodies past the end and non-header bytes', () => {
  assert.ok('problem' in packetTags(new Uint8Array([0xc1, 0xff, 0, 0])));
  assert.ok('problem' in packetTags(new Uint8Array([0xc1, 0x05, 1])));
  assert.ok('problem' in packetTags(new Uint8Array([0x00])));
  assert.ok('problem' in packetTags(new Uint8Array([0x87, 0x00])), 'indeterminate length');
});

framing.run();
