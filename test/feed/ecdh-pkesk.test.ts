/**
 * scripts/feed/openpgp/ecdh-pkesk.ts and key-packets.ts, through kept-header.ts's nativeKeptHeader:
 * PKESKs made by node:crypto to Curve25519 keys of GnuPG 2.2 and openpgp.js open in both, are
 * laid out as openpgp.js lays out its own, and anything else is left to openpgp.js.
 */
import { decryptSessionKeys, enums, readMessage, readPrivateKey } from 'openpgp';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { openSealed, readSecretKey } from '../../scripts/feed/openpgp.js';
import { ecdhPkesk, isNativeRecipient } from '../../scripts/feed/openpgp/ecdh-pkesk.js';
import { nativeKeptHeader } from '../../scripts/feed/openpgp/kept-header.js';
import { ecdhKeyOf, ecdhKeysOf } from '../../scripts/feed/openpgp/key-packets.js';
import { checkKey, recipientHeaderFromChecks, type KeyCheck, type KeyFile } from '../../scripts/feed/openpgp/keyring-jobs.js';
import { sealerFromHeader } from '../../scripts/feed/openpgp/seal.js';
import { GpgHome } from '../helpers/gpg.js';
import { makeKey } from '../helpers/keys.js';

const native = suite('native ECDH recipient header');

const NOW = new Date(Date.now() + 3_600_000);
const keygen = await GpgHome.create();
const gpgKey = await keygen.generate('ed25519', 'Partner GPG');
const gpgRsa = await keygen.generate('rsa3072', 'Partner RSA');
const jsKey = await makeKey({ name: 'JS ECC', extraEncryptionSubkeys: 1 });
const publisherKey = await makeKey({ name: 'Publisher' });
const publisher = await readSecretKey(publisherKey.secret);
const homes: GpgHome[] = [keygen];
const fileOf = (armored: string, name: string): KeyFile => ({ armored, path: `partners/keys/${name}.asc` });
const checksOf = (files: KeyFile[]): Promise<KeyCheck[]> => Promise.all(files.map((f) => checkKey(f.armored, NOW, f.path)));
const keptOf = (checks: KeyCheck[]) => checks.map((c) => ({ encryptionKeys: c.encryptionKeys, cipher: c.cipher ?? { symmetric: [], seipdv2: false } }));

native('key-packets: every Curve25519 encryption (sub)key of a file, by the fingerprint openpgp.js gives it', async () => {
  const checks = await checksOf([fileOf(gpgKey.public, 'gpg'), fileOf(jsKey.public, 'js')]);
  const gpgKeys = await ecdhKeysOf(gpgKey.public);
  const jsKeys = await ecdhKeysOf(jsKey.public);
  assert.equal([...gpgKeys.keys()], checks[0]?.encryptionKeys);
  assert.equal([...jsKeys.keys()].sort(), checks[1]?.encryptionKeys);
  for (const key of [...gpgKeys.values(), ...jsKeys.values()]) assert.ok(isNativeRecipient(key));
  assert.is((await ecdhKeysOf(gpgRsa.public)).size, 0, 'an RSA key has no ECDH key');
});

native('key-packets: any other packet body is no ECDH key', () => {
  const good = Buffer.from('04' + '00000000' + '12' + '0a2b060104019755010501' + '0107' + '40' + '11'.repeat(32) + '03010807', 'hex');
  assert.ok(ecdhKeyOf(good) !== undefined);
  assert.is(ecdhKeyOf(Buffer.concat([good, Uint8Array.of(0)])), undefined, 'a byte after the KDF parameters');
  assert.is(ecdhKeyOf(good.subarray(0, good.length - 1)), undefined, 'cut short');
  assert.is(ecdhKeyOf(Buffer.from([5, ...good.subarray(1)])), undefined, 'a v5 key');
  assert.is(ecdhKeyOf(Buffer.from([...good.subarray(0, 5), 1, ...good.subarray(6)])), undefined, 'RSA');
  const otherKdf = Buffer.from(good);
  otherKdf[otherKdf.length - 1] = 9;
  const parsed = ecdhKeyOf(otherKdf);
  assert.ok(parsed !== undefined && !isNativeRecipient(parsed), 'AES-256 key wrap is left to openpgp.js');
  assert.throws(() => ecdhPkesk(parsed as NonNullable<typeof parsed>, enums.symmetric.aes256, new Uint8Array(32)), /SHA-256 and AES-128/);
});

native('a header of PKESKs v3 in fingerprint order, which openpgp.js reads back as the session key', async () => {
  const files = [fileOf(jsKey.public, 'js'), fileOf(gpgKey.public, 'gpg')];
  const checks = await checksOf(files);
  const header = await nativeKeptHeader(files.map((f) => f.armored), keptOf(checks));
  assert.ok(header !== undefined);
  assert.is(header.recipientKeys.length, 3);
  assert.equal([...header.recipientKeys], [...header.recipientKeys].sort());
  const packets = await pkesksOf(header.header);
  assert.is(packets.length, 3);
  packets.forEach((pkesk, i) => {
    assert.is(pkesk.version, 3);
    assert.is(pkesk.publicKeyAlgorithm, enums.publicKey.ecdh);
    assert.is(pkesk.publicKeyID.toHex().toUpperCase(), header.recipientKeys[i]?.slice(-16));
  });
  for (const key of [jsKey, gpgKey]) {
    const message = await readMessage({ binaryMessage: header.header });
    const [opened] = await decryptSessionKeys({ message, decryptionKeys: await readPrivateKey({ armoredKey: key.secret }) });
    assert.equal(Buffer.from(opened?.data as Uint8Array), Buffer.from(header.sessionKey.data));
    assert.is(opened?.algorithm, header.sessionKey.algorithm);
  }
  const again = await nativeKeptHeader(files.map((f) => f.armored), keptOf(checks));
  assert.not.equal(Buffer.from(again?.sessionKey.data ?? []), Buffer.from(header.sessionKey.data), 'a fresh session key');
});

native('what is sealed under it opens in openpgp.js and in GnuPG 2.2', async () => {
  const files = [fileOf(gpgKey.public, 'gpg'), fileOf(jsKey.public, 'js')];
  const header = await nativeKeptHeader(files.map((f) => f.armored), keptOf(await checksOf(files)));
  assert.ok(header !== undefined);
  const sealed = await (await sealerFromHeader(publisher, header)).seal(new TextEncoder().encode('native header'));
  for (const key of [gpgKey, jsKey]) {
    const opened = await openSealed(sealed, { decryptionKey: await readSecretKey(key.secret), publisher: publisher.certificate });
    assert.is(new TextDecoder().decode(opened), 'native header');
  }
  const home = await GpgHome.create();
  homes.push(home);
  await home.import(gpgKey.secret);
  await home.import(publisherKey.public);
  const result = await home.run(['--decrypt'], sealed);
  assert.is(result.code, 0, result.stderr);
  assert.ok(GpgHome.statusLine(result, 'GOODMDC'));
  assert.is(result.stdout.toString('utf8'), 'native header');
});

native('a key that is not Curve25519 ECDH leaves the whole header to openpgp.js, which still makes it', async () => {
  const files = [fileOf(gpgKey.public, 'gpg'), fileOf(gpgRsa.public, 'rsa')];
  const checks = await checksOf(files);
  assert.is(await nativeKeptHeader(files.map((f) => f.armored), keptOf(checks)), undefined);
  const header = await recipientHeaderFromChecks(files, checks);
  const packets = await pkesksOf(header.header);
  assert.equal(packets.map((p) => p.publicKeyAlgorithm).sort(), [enums.publicKey.rsaEncryptSign, enums.publicKey.ecdh].sort());
  const sealed = await (await sealerFromHeader(publisher, header)).seal(new TextEncoder().encode('mixed'));
  const opened = await openSealed(sealed, { decryptionKey: await readSecretKey(gpgRsa.secret), publisher: publisher.certificate });
  assert.is(new TextDecoder().decode(opened), 'mixed');
});

native('a kept check naming a key its file does not hold is refused, as before (KEY_UNUSABLE)', async () => {
  const files = [fileOf(gpgKey.public, 'gpg')];
  const [check] = await checksOf(files);
  const altered = { ...(check as KeyCheck), encryptionKeys: ['0'.repeat(40)] };
  assert.is(await nativeKeptHeader([gpgKey.public], keptOf([altered])), undefined);
  try {
    await recipientHeaderFromChecks(files, [altered]);
    assert.unreachable('expected KEY_UNUSABLE');
  } catch (error) {
    assert.is((error as { code?: string }).code, 'KEY_UNUSABLE');
  }
});

native('a key file that does not read as armoured OpenPGP leaves the header to openpgp.js', async () => {
  const kept = keptOf(await checksOf([fileOf(gpgKey.public, 'gpg')]));
  assert.is(await ecdhKeysOf('not a key').then(() => 'read', () => 'refused'), 'refused');
  assert.is(await nativeKeptHeader(['not a key'], kept), undefined);
  assert.is(await nativeKeptHeader([gpgKey.public.replace('-----END PGP PUBLIC KEY BLOCK-----', '')], kept), undefined);
});

/** The PKESKs of a header as openpgp.js reads them (fields not in its typings). */
async function pkesksOf(header: Uint8Array): Promise<{ version: number; publicKeyAlgorithm: number; publicKeyID: { toHex(): string } }[]> {
  const message = await readMessage({ binaryMessage: header });
  return [...message.packets] as unknown as { version: number; publicKeyAlgorithm: number; publicKeyID: { toHex(): string } }[];
}

native.after(async () => {
  for (const home of homes) await home.remove();
});

native.run();
