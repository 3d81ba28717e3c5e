/**
 * scripts/feed/openpgp/kept-header.ts: a recipient header made from kept key checks has the
 * cipher and recipients openpgp.js's own header has for the same keys (AES-256, or AES-128 when
 * a key does not prefer AES-256), opens in openpgp.js and in GnuPG 2.2, and checks no signature.
 */
import { SignaturePacket } from 'openpgp';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { openSealed, readCertificate, readSecretKey } from '../../scripts/feed/openpgp.js';
import { keptCipher } from '../../scripts/feed/openpgp/kept-header.js';
import { checkKey, recipientHeaderFromChecks, recipientHeaderOf, type KeyFile } from '../../scripts/feed/openpgp/keyring-jobs.js';
import { makeRecipientHeader, sealerFromHeader } from '../../scripts/feed/openpgp/seal.js';
import { countCalls } from '../helpers/count-calls.js';
import { GpgHome, type GpgKey } from '../helpers/gpg.js';
import { makeKey, type TestKey } from '../helpers/keys.js';

const kept = suite('kept recipient header');

const NOW = new Date(Date.now() + 3_600_000); // an hour after the keys are made
const keygen = await GpgHome.create();
const gpgKey = await keygen.generate('ed25519', 'Partner GPG');
/** A GnuPG key whose self-signature prefers AES-128 and no AES-256. */
const aes128Only = await (async () => {
  const key = await keygen.generate('ed25519', 'Partner AES128');
  await keygen.ok(['--command-fd', '0', '--edit-key', key.fingerprint], 'setpref AES SHA256 Uncompressed\ny\nsave\n');
  return { ...key, public: (await keygen.ok(['--armor', '--export', key.fingerprint])).stdout.toString('utf8') };
})();
const jsKey = await makeKey({ name: 'JS ECC', extraEncryptionSubkeys: 1 });
const publisherKey = await makeKey({ name: 'Publisher' });
const publisher = await readSecretKey(publisherKey.secret);
const homes: GpgHome[] = [keygen];
const fileOf = (key: GpgKey | TestKey, name: string): KeyFile => ({ armored: key.public, path: `partners/keys/${name}.asc` });

async function bothHeaders(files: KeyFile[]) {
  const checks = await Promise.all(files.map((f) => checkKey(f.armored, NOW, f.path)));
  const fromChecks = await recipientHeaderFromChecks(files, checks);
  const reference = await makeRecipientHeader(await Promise.all(files.map((f) => readCertificate(f.armored))), NOW);
  return { fromChecks, reference };
}

kept('the cipher and recipients of openpgp.js\'s own header: AES-256, or AES-128 when a key does not prefer AES-256', async () => {
  for (const [files, algorithm] of [
    [[fileOf(gpgKey, 'gpg'), fileOf(jsKey, 'js')], 'aes256'],
    [[fileOf(gpgKey, 'gpg'), fileOf(aes128Only, 'aes128')], 'aes128'],
  ] as const) {
    const { fromChecks, reference } = await bothHeaders([...files]);
    assert.is(reference.sessionKey.algorithm, algorithm);
    assert.is(fromChecks.sessionKey.algorithm, algorithm);
    assert.equal(fromChecks.recipientKeys, reference.recipientKeys);
    assert.is(fromChecks.sessionKey.data.length, reference.sessionKey.data.length);
    assert.not.equal(Buffer.from(fromChecks.sessionKey.data), Buffer.from(reference.sessionKey.data), 'a fresh session key');
  }
});

kept('members open what is sealed under it, in openpgp.js and in GnuPG', async () => {
  const files = [fileOf(gpgKey, 'gpg'), fileOf(aes128Only, 'aes128'), fileOf(jsKey, 'js')];
  const { fromChecks } = await bothHeaders(files);
  assert.is(fromChecks.recipientKeys.length, 4, 'one PKESK to each encryption (sub)key, both of the JS key\'s');
  const sealed = await (await sealerFromHeader(publisher, fromChecks)).seal(new TextEncoder().encode('kept header'));
  for (const key of [gpgKey, aes128Only, jsKey]) {
    const opened = await openSealed(sealed, { decryptionKey: await readSecretKey(key.secret), publisher: publisher.certificate });
    assert.is(new TextDecoder().decode(opened), 'kept header');
  }
  for (const key of [gpgKey, aes128Only]) {
    const home = await GpgHome.create();
    homes.push(home);
    await home.import(key.secret);
    await home.import(publisherKey.public);
    const result = await home.run(['--decrypt'], sealed);
    assert.is(result.code, 0, result.stderr);
    assert.ok(GpgHome.statusLine(result, 'GOODMDC'));
    assert.is(GpgHome.statusLine(result, 'DECRYPTION_INFO')?.split(' ')[2], '7', 'AES-128, which every recipient prefers');
    assert.is(result.stdout.toString('utf8'), 'kept header');
  }
});

kept('no signature is checked for it, where openpgp.js\'s own header checks them', async () => {
  const fresh = await makeKey({ name: 'Fresh' }); // parsed first here: no verification remembered yet
  const files = [fileOf(fresh, 'fresh')];
  const checks = [await checkKey(fresh.public, NOW, 'k/fresh.asc')];
  assert.is(await countCalls(SignaturePacket.prototype, 'verify', () => recipientHeaderFromChecks(files, checks)), 0);
  assert.ok(await countCalls(SignaturePacket.prototype, 'verify', () => recipientHeaderOf(files, NOW)) > 0, 'openpgp.js calls verify for its header');
});

kept('keptCipher: AEAD only if every recipient asks for it, which a feed refuses', () => {
  const aes256 = 9;
  const aes128 = 7;
  assert.is(keptCipher([{ encryptionKeys: [], cipher: { symmetric: [aes256, aes128], seipdv2: false } }]), aes256);
  assert.is(keptCipher([{ encryptionKeys: [], cipher: { symmetric: [aes256], seipdv2: true } }, { encryptionKeys: [], cipher: { symmetric: [], seipdv2: false } }]), aes128);
  assert.throws(() => keptCipher([{ encryptionKeys: [], cipher: { symmetric: [aes256], seipdv2: true } }]), /AEAD/);
});

kept.after(async () => {
  for (const home of homes) await home.remove();
});

kept.run();
