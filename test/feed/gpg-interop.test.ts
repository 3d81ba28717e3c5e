/**
 * GnuPG 2.2 reads what we write (feed-format §5, §6, §10): sealed files decrypt in `gpg --decrypt`
 * with a good publisher signature, for keys made by GnuPG and by openpgp.js; detached signatures
 * pass `gpg --verify`. Keys are generated once for the whole file (RSA is slow).
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  createSealer, inspectKey, openSealed, readCertificate, readSecretKey, signDetached, signPayload,
} from '../../scripts/feed/openpgp.js';
import { SEAL_TEXT_MIN_BYTES } from '../../scripts/feed/openpgp/seal-text.mjs';
import { rejectsWithCode } from '../helpers/assert.js';
import { GpgHome, type GpgKey, type GpgResult } from '../helpers/gpg.js';
import { makeKey, type TestKey } from '../helpers/keys.js';

const text = (s: string) => new TextEncoder().encode(s);

const keygen = await GpgHome.create();
const [gpgRsa, gpgEcc, outsider] = [
  await keygen.generate('rsa3072', 'Partner RSA'),
  await keygen.generate('ed25519', 'Partner ECC'),
  await keygen.generate('ed25519', 'Outsider'),
];
const [jsEcc, jsRsa, publisherKey] = [await makeKey({ name: 'JS ECC' }), await makeKey({ name: 'JS RSA', type: 'rsa' }), await makeKey({ name: 'Publisher' })];
const publisher = await readSecretKey(publisherKey.secret);
const homes: GpgHome[] = [keygen];

/** A GNUPGHOME holding one partner's secret key and the publisher's public key. */
async function partnerHome(key: GpgKey | TestKey): Promise<GpgHome> {
  const home = await GpgHome.create();
  homes.push(home);
  await home.import(key.secret);
  await home.import(publisherKey.public);
  return home;
}

function assertGoodFromPublisher(result: GpgResult, plaintext: string): void {
  assert.is(result.code, 0, result.stderr);
  assert.ok(GpgHome.statusLine(result, 'GOODSIG'), result.status.join('\n'));
  const validsig = GpgHome.statusLine(result, 'VALIDSIG')?.split(' ');
  assert.is(validsig?.[1], publisherKey.fingerprint);
  assert.is(validsig?.at(-1), publisherKey.fingerprint);
  assert.ok(GpgHome.statusLine(result, 'DECRYPTION_OKAY'));
  assert.ok(GpgHome.statusLine(result, 'GOODMDC'));
  // DECRYPTION_INFO <mdc> <cipher> [<aead>]: MDC (SEIPDv1), AES-256, no AEAD.
  const info = GpgHome.statusLine(result, 'DECRYPTION_INFO')?.split(' ');
  assert.is(info?.[1], '2');
  assert.is(info?.[2], '9');
  assert.ok(info?.[3] === undefined || info[3] === '0');
  assert.is(result.stdout.toString('utf8'), plaintext);
}

const gpg = suite('gpg interop');

gpg.after(async () => {
  for (const home of homes) await home.remove();
});

gpg('gpg --decrypt reads sealed messages for GnuPG RSA-3072 and ed25519/cv25519 recipients, with a good publisher signature', async () => {
  const sealer = await createSealer(publisher, [await readCertificate(gpgRsa.public), await readCertificate(gpgEcc.public)]);
  const sealed = await sealer.seal(text('{"advisory":"ADV-2026-0001"}'));
  for (const key of [gpgRsa, gpgEcc]) {
    assertGoodFromPublisher(await (await partnerHome(key)).run(['--decrypt'], sealed), '{"advisory":"ADV-2026-0001"}');
  }
});

gpg('gpg --decrypt reads sealed messages for openpgp.js ecc and RSA-3072 recipients', async () => {
  const sealer = await createSealer(publisher, [await readCertificate(jsEcc.public), await readCertificate(jsRsa.public)]);
  const sealed = await sealer.seal(text('héllo wörld'));
  for (const key of [jsEcc, jsRsa]) assertGoodFromPublisher(await (await partnerHome(key)).run(['--decrypt'], sealed), 'héllo wörld');
});

gpg('a payload signed once and sealed for two groups decrypts in gpg for both', async () => {
  const payload = await signPayload(publisher, text('shared'));
  const groupA = await createSealer(publisher, [await readCertificate(gpgRsa.public)]);
  const groupB = await createSealer(publisher, [await readCertificate(gpgEcc.public)]);
  assertGoodFromPublisher(await (await partnerHome(gpgRsa)).run(['--decrypt'], await groupA.sealSigned(payload)), 'shared');
  assertGoodFromPublisher(await (await partnerHome(gpgEcc)).run(['--decrypt'], await groupB.sealSigned(payload)), 'shared');
});

gpg('gpg --decrypt reads a message sealed in pieces, small (openpgp.js: partial body lengths) and large (seal-text.mjs), with a good publisher signature', async () => {
  const sealer = await createSealer(publisher, [await readCertificate(gpgEcc.public)]);
  for (const count of [100, 1500]) {
    const pieces = Array.from({ length: count }, (_, i) => `{"piece":${i},"text":"${'wörld '.repeat(i % 50)}"}\n`);
    assert.is(Buffer.byteLength(pieces.join('')) >= SEAL_TEXT_MIN_BYTES, count === 1500, `${count} pieces`);
    assertGoodFromPublisher(await (await partnerHome(gpgEcc)).run(['--decrypt'], await sealer.sealPieces(pieces)), pieces.join(''));
  }
});

gpg('a GnuPG user who is not a recipient cannot decrypt', async () => {
  const sealed = await (await createSealer(publisher, [await readCertificate(gpgRsa.public)])).seal(text('not for you'));
  const result = await (await partnerHome(outsider)).run(['--decrypt'], sealed);
  assert.is.not(result.code, 0);
  assert.ok(GpgHome.statusLine(result, 'NO_SECKEY'));
  assert.not.ok(GpgHome.statusLine(result, 'DECRYPTION_OKAY'));
  assert.is(result.stdout.length, 0);
});

gpg('openSealed opens messages with secret keys made by GnuPG', async () => {
  const sealer = await createSealer(publisher, [await readCertificate(gpgRsa.public), await readCertificate(gpgEcc.public)]);
  const sealed = await sealer.seal(text('for gpg keys'));
  for (const key of [gpgRsa, gpgEcc]) {
    const opened = await openSealed(sealed, { decryptionKey: await readSecretKey(key.secret), publisher: publisher.certificate });
    assert.is(new TextDecoder().decode(opened), 'for gpg keys');
  }
});

gpg('openSealed rejects a gpg-made message signed by another key with SIGNATURE_INVALID', async () => {
  const home = await partnerHome(outsider);
  await home.import(gpgEcc.public);
  const signed = await home.ok(['--trust-model', 'always', '--sign', '--encrypt', '-u', outsider.fingerprint, '-r', gpgEcc.fingerprint], 'forged');
  await rejectsWithCode(openSealed(signed.stdout, { decryptionKey: await readSecretKey(gpgEcc.secret), publisher: publisher.certificate }), 'SIGNATURE_INVALID');
});

gpg('detached signatures pass gpg --verify, and fail it for changed data', async () => {
  const home = await partnerHome(outsider);
  const data = text('{"version":"https://jsonfeed.org/version/1.1","items":[]}\n');
  await writeFile(join(home.dir, 'feed.json'), data);
  await writeFile(join(home.dir, 'feed.json.asc'), await signDetached(data, publisher));
  const good = await home.run(['--verify', join(home.dir, 'feed.json.asc'), join(home.dir, 'feed.json')]);
  assert.is(good.code, 0, good.stderr);
  assert.is(GpgHome.statusLine(good, 'VALIDSIG')?.split(' ')[1], publisherKey.fingerprint);
  await writeFile(join(home.dir, 'feed.json'), text('{"changed":true}\n'));
  const bad = await home.run(['--verify', join(home.dir, 'feed.json.asc'), join(home.dir, 'feed.json')]);
  assert.is.not(bad.code, 0);
  assert.ok(GpgHome.statusLine(bad, 'BADSIG'));
});

gpg('inspectKey finds GnuPG RSA-3072 and ed25519 keys fit, and DSA/ElGamal weak', async () => {
  for (const key of [gpgRsa, gpgEcc]) {
    const report = await inspectKey(key.public, new Date());
    assert.equal(report.problems, [], `${key.fingerprint}: ${JSON.stringify(report.problems)}`);
    assert.is(report.canEncrypt, true);
  }
  const dsa = await keygen.generate('dsa', 'Old DSA');
  const report = await inspectKey(dsa.public, new Date());
  assert.is(report.algorithm, 'dsa');
  assert.ok(report.problems.some((p) => p.code === 'KEY_WEAK'));
  assert.is(report.canEncrypt, false);
  await rejectsWithCode(createSealer(publisher, [await readCertificate(dsa.public)]), 'KEY_UNUSABLE');
});

gpg.run();
