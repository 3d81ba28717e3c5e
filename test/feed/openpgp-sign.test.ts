/**
 * scripts/feed/openpgp/sign.mjs: the publisher's Ed25519 signatures are made by node:crypto in the
 * packets openpgp.js writes (feed-format §5.2, §5.4). Each packet is compared with openpgp.js's own
 * for the same key, data and date, byte for byte but for the random salt and the signature value;
 * the signatures verify in openpgp.js and in gpg, and keys that cannot sign natively sign through
 * openpgp.js.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createMessage, readMessage, readSignature, sign, unarmor, verify, type Config, type PrivateKey } from 'openpgp';
import { PGP_CONFIG } from '../../scripts/feed/openpgp/config.js';
import { signDetachedArmored, signerAt, signInline } from '../../scripts/feed/openpgp/sign.mjs';
import { GpgHome } from '../helpers/gpg.js';
import { makeKey, rawSecretKey } from '../helpers/keys.js';
import { packets } from '../helpers/packets.js';

const bytes = (n: number, seed = 7) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff);
const eccKey = await makeKey({ name: 'Publisher' });
const ecc = await rawSecretKey(eccKey);
const subkeySigner = await rawSecretKey(await makeKey({ name: 'Subkey signer', signOnly: true }));
const home = await GpgHome.create();
const gpgMade = await home.generate('ed25519', 'GnuPG publisher');
const gpgKey = await rawSecretKey(gpgMade);
await home.import(eccKey.public);

// Taken once the keys above exist (to the second, as OpenPGP dates are): taken before them, a key
// made in the next second (gpg takes a while) had signatures "in the future" at `date`.
const date = new Date(Math.floor(Date.now() / 1000) * 1000);
const before = new Date(date.getTime() - 60_000); // for keys made later, in a test

/** A v4 signature packet's hashed part, with the salt notation's value zeroed, and its unhashed length. */
function signatureShape(body: Uint8Array): { hashed: number[]; unhashed: number } {
  const hashedLength = (body[4]! << 8) | body[5]!;
  const hashed = [...body.subarray(0, 6 + hashedLength)];
  const name = [...new TextEncoder().encode('salt@notations.openpgpjs.org')];
  for (let at = 2; at + name.length <= hashed.length; at++) {
    if (!name.every((b, i) => hashed[at + i] === b)) continue;
    const valueLength = (hashed[at - 2]! << 8) | hashed[at - 1]!; // notation: flags, name length, value length, name, value
    hashed.fill(0, at + name.length, at + name.length + valueLength);
  }
  return { hashed, unhashed: (body[6 + hashedLength]! << 8) | body[7 + hashedLength]! };
}

async function theirsInline(key: PrivateKey, data: Uint8Array, config: Config = PGP_CONFIG): Promise<Uint8Array> {
  return sign({ message: await createMessage({ binary: data, format: 'binary', date }), signingKeys: key, date, format: 'binary', config });
}

async function verifiesInline(key: PrivateKey, signed: Uint8Array, data: Uint8Array): Promise<boolean> {
  const message = await readMessage({ binaryMessage: signed });
  const result = await verify({ message, verificationKeys: key.toPublic(), expectSigned: true, format: 'binary', date, config: PGP_CONFIG });
  return Buffer.from(result.data).equals(Buffer.from(data)) && (await result.signatures[0]!.verified);
}

const native = suite('sign.mjs');

native.after(() => home.remove());

native('an Ed25519 (legacy) publisher key signs natively, as a signing subkey and when made by GnuPG', async () => {
  for (const key of [ecc, subkeySigner, gpgKey]) assert.ok(await signerAt(key, date, PGP_CONFIG), key.getFingerprint());
});

native('inline: the same packets as openpgp.js, but for the salt and the signature value, and they verify', async () => {
  for (const key of [ecc, subkeySigner, gpgKey]) {
    for (const size of [0, 1, 191, 192, 4000, 8383, 8384, 70_000]) {
      const data = bytes(size);
      const ours = (await signInline(key, data, date, PGP_CONFIG)).write() as Uint8Array;
      const theirs = await theirsInline(key, data);
      const [oursPackets, theirsPackets] = [packets(ours), packets(theirs)];
      assert.equal(oursPackets.map((p) => p.tag), [4, 11, 2]);
      assert.equal(theirsPackets.map((p) => p.tag), [4, 11, 2]);
      assert.equal([...oursPackets[0]!.body], [...theirsPackets[0]!.body], 'one-pass signature');
      assert.ok(Buffer.from(oursPackets[1]!.body).equals(Buffer.from(theirsPackets[1]!.body)), `literal data, ${size} bytes`);
      assert.equal(signatureShape(oursPackets[2]!.body), signatureShape(theirsPackets[2]!.body), 'signature packet');
      assert.ok(await verifiesInline(key, ours, data), `${key.getFingerprint()}, ${size} bytes`);
    }
  }
});

native('detached: the same armour and packet as openpgp.js, but for the salt and the signature value', async () => {
  const data = bytes(5000);
  const ours = await signDetachedArmored(ecc, data, date, PGP_CONFIG);
  const theirs = await sign({ message: await createMessage({ binary: data, format: 'binary' }), signingKeys: ecc, detached: true, format: 'armored', date, config: PGP_CONFIG });
  assert.is(ours.split('\n').length, theirs.split('\n').length);
  assert.match(ours, /\n=[A-Za-z0-9+/]{4}\n-----END PGP SIGNATURE-----\n$/); // CRC24 line, as openpgp.js writes for v4
  const [oursPacket, theirsPacket] = [packets((await unarmor(ours)).data as Uint8Array), packets((await unarmor(theirs)).data as Uint8Array)];
  assert.equal(signatureShape(oursPacket[0]!.body), signatureShape(theirsPacket[0]!.body));
});

native('each signature has its own salt, and a changed byte fails verification', async () => {
  const data = bytes(300);
  const [a, b] = [await signDetachedArmored(ecc, data, date, PGP_CONFIG), await signDetachedArmored(ecc, data, date, PGP_CONFIG)];
  assert.is.not(a, b);
  for (const armored of [a, b]) {
    const result = await verify({ message: await createMessage({ binary: data }), signature: await readSignature({ armoredSignature: armored }), verificationKeys: ecc.toPublic(), date, config: PGP_CONFIG });
    assert.is(await result.signatures[0]!.verified, true);
  }
  const changed = Uint8Array.from(data, (b, i) => (i === 150 ? b ^ 1 : b));
  const result = await verify({ message: await createMessage({ binary: changed }), signature: await readSignature({ armoredSignature: a }), verificationKeys: ecc.toPublic(), date, config: PGP_CONFIG });
  try {
    await result.signatures[0]!.verified;
    assert.unreachable('a changed byte verified');
  } catch (error) {
    assert.match(String(error), /Signed digest did not match|signature/i);
  }
});

native('signatures whose r or s starts with a zero byte (shorter MPIs) verify in openpgp.js and gpg', async () => {
  const data = bytes(64);
  let found: string | undefined;
  for (let i = 0; i < 4000 && found === undefined; i++) {
    const armored = await signDetachedArmored(ecc, data, date, PGP_CONFIG);
    const [packet] = packets((await unarmor(armored)).data as Uint8Array);
    const body = packet!.body;
    const hashedLength = (body[4]! << 8) | body[5]!;
    const mpis = body.subarray(6 + hashedLength + 2 + 2);
    const rBits = (mpis[0]! << 8) | mpis[1]!;
    const sBits = (mpis[2 + Math.ceil(rBits / 8)]! << 8) | mpis[3 + Math.ceil(rBits / 8)]!;
    if (rBits <= 248 || sBits <= 248) found = armored;
  }
  assert.ok(found, 'no short MPI in 4,000 signatures');
  const result = await verify({ message: await createMessage({ binary: data }), signature: await readSignature({ armoredSignature: found }), verificationKeys: ecc.toPublic(), date, config: PGP_CONFIG });
  assert.is(await result.signatures[0]!.verified, true);
  await writeFile(join(home.dir, 'short.bin'), data);
  await writeFile(join(home.dir, 'short.bin.asc'), found);
  const gpg = await home.run(['--verify', join(home.dir, 'short.bin.asc'), join(home.dir, 'short.bin')]);
  assert.is(gpg.code, 0, gpg.stderr);
  assert.is(GpgHome.statusLine(gpg, 'VALIDSIG')?.split(' ')[1], eccKey.fingerprint);
});

native('gpg verifies inline signatures made natively with a GnuPG-made key', async () => {
  const data = bytes(2000);
  const signed = (await signInline(gpgKey, data, date, PGP_CONFIG)).write() as Uint8Array;
  const result = await home.run(['--decrypt'], signed);
  assert.is(result.code, 0, result.stderr);
  assert.is(GpgHome.statusLine(result, 'VALIDSIG')?.split(' ')[1], gpgMade.fingerprint);
  assert.ok(Buffer.from(result.stdout).equals(Buffer.from(data)));
});

native('keys that cannot sign natively (RSA) sign through openpgp.js, and the results verify', async () => {
  const rsa = await rawSecretKey(await makeKey({ name: 'RSA publisher', type: 'rsa', rsaBits: 2048, created: before }));
  assert.is(await signerAt(rsa, date, PGP_CONFIG), undefined);
  const data = bytes(1000);
  assert.ok(await verifiesInline(rsa, (await signInline(rsa, data, date, PGP_CONFIG)).write() as Uint8Array, data));
  const armored = await signDetachedArmored(rsa, data, date, PGP_CONFIG);
  const result = await verify({ message: await createMessage({ binary: data }), signature: await readSignature({ armoredSignature: armored }), verificationKeys: rsa.toPublic(), date, config: PGP_CONFIG });
  assert.is(await result.signatures[0]!.verified, true);
});

native('the hash and salt follow the key and config, as in openpgp.js (SHA-256 preferred, no salt notation)', async () => {
  const config: Config = { ...PGP_CONFIG, preferredHashAlgorithm: 8, nonDeterministicSignaturesViaNotation: false };
  const key = await rawSecretKey(await makeKey({ name: 'SHA-256 publisher', created: before }));
  const data = bytes(100);
  const ours = packets((await signInline(key, data, date, config)).write() as Uint8Array);
  const theirs = packets(await theirsInline(key, data, config));
  assert.equal(signatureShape(ours[2]!.body), signatureShape(theirs[2]!.body));
  assert.equal([...ours[0]!.body], [...theirs[0]!.body]);
  assert.is(ours[2]!.body[3], theirs[2]!.body[3]); // hash algorithm id
});

native('a key expired at the signing date is refused, as openpgp.js refuses it', async () => {
  const created = new Date('2026-01-01T00:00:00Z');
  const expiring = await rawSecretKey(await makeKey({ name: 'Expiring', created, expiresIn: 3600 }));
  const later = new Date('2026-02-01T00:00:00Z');
  let ours: unknown;
  let theirs: unknown;
  await signInline(expiring, bytes(10), later, PGP_CONFIG).catch((error: unknown) => { ours = error; });
  await sign({ message: await createMessage({ binary: bytes(10) }), signingKeys: expiring, date: later, config: PGP_CONFIG }).catch((error: unknown) => { theirs = error; });
  assert.ok(ours instanceof Error && theirs instanceof Error);
  assert.match((ours as Error).message, /expired|valid signing key/i);
  assert.ok(await signerAt(expiring, new Date('2026-01-01T00:10:00Z'), PGP_CONFIG));
});

native('the key is checked once per second of the signing date, and the second it expires in refuses it', async () => {
  const created = new Date('2026-01-01T00:00:00Z');
  const expiring = await rawSecretKey(await makeKey({ name: 'Expiring at one', created, expiresIn: 3600 }));
  // The native signer is made (and probed through openpgp.js's own sign) at the key's first use.
  assert.ok(await signerAt(expiring, new Date('2026-01-01T00:10:00Z'), PGP_CONFIG));
  const checks: number[] = [];
  const getSigningKey = expiring.getSigningKey.bind(expiring);
  expiring.getSigningKey = (keyID, at, userID, config) => {
    checks.push((at as Date).getTime());
    return getSigningKey(keyID, at, userID, config);
  };
  // Five signatures within one second: one check. The last millisecond before the expiry second, then
  // the first of it: openpgp.js judges whole seconds, so the key is valid through 00:59:59.999.
  const second = Date.parse('2026-01-01T00:59:59Z');
  for (const ms of [0, 1, 250, 998, 999]) assert.ok(await signInline(expiring, bytes(10, ms), new Date(second + ms), PGP_CONFIG));
  assert.equal(checks, [second]);
  let refused: unknown;
  await signInline(expiring, bytes(10), new Date(second + 1000), PGP_CONFIG).catch((error: unknown) => { refused = error; });
  assert.match((refused as Error).message, /expired|valid signing key/i);
  assert.equal(checks, [second, second + 1000]);
  // Refused for the whole of that second, also after the refusal; a second back is checked again.
  await signInline(expiring, bytes(10), new Date(second + 1500), PGP_CONFIG).then(() => assert.unreachable('expired'), () => undefined);
  assert.ok(await signDetachedArmored(expiring, bytes(10), new Date(second + 500), PGP_CONFIG));
  assert.equal(checks, [second, second + 1000, second + 500]);
});

native.run();
