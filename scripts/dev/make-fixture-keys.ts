/**
 * Regenerates the key fixtures of the content tests (test/fixtures/content/keys/): good keys and
 * every kind of key `check` must refuse. Run once; the results are committed. Dev tooling, so it
 * imports openpgp.js directly, and it is the ONLY place that creates a v6 key (to prove `check`
 * refuses it): never do that in scripts/feed or scripts/build.
 *
 *   node --import tsx scripts/dev/make-fixture-keys.ts
 *
 * The DSA/ElGamal key comes from the real `gpg` (openpgp.js cannot create DSA keys), in a
 * throwaway GNUPGHOME.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as openpgp from 'openpgp';

const dir = path.resolve('test/fixtures/content/keys');
const created = new Date('2025-01-01T00:00:00Z');
const user = (name: string) => [{ name: `${name} (TEST FIXTURE)`, email: `${name}@fixture.example` }];
const ecc = { type: 'ecc' as const, curve: 'curve25519Legacy' as const, date: created, format: 'armored' as const };

async function write(name: string, text: string): Promise<void> {
  await writeFile(path.join(dir, name), text);
  console.log(`wrote test/fixtures/content/keys/${name}`);
}

await mkdir(dir, { recursive: true });
for (const name of ['alpha', 'beta']) {
  const { publicKey, privateKey } = await openpgp.generateKey({ ...ecc, userIDs: user(name) });
  await write(`${name}.asc`, publicKey);
  if (name === 'alpha') await write('secret.asc', privateKey); // a secret key where a public one belongs
}

// Expired: valid for one year from 2024-01-01.
const expired = await openpgp.generateKey({ ...ecc, userIDs: user('expired'), date: new Date('2024-01-01T00:00:00Z'), keyExpirationTime: 365 * 86_400 });
await write('expired.asc', expired.publicKey);

// Revoked on 2025-06-01.
const toRevoke = await openpgp.generateKey({ ...ecc, userIDs: user('revoked'), format: 'object' });
const revoked = await openpgp.revokeKey({ key: toRevoke.privateKey, date: new Date('2025-06-01T00:00:00Z'), format: 'armored' });
await write('revoked.asc', revoked.publicKey);

// RSA-1024: weak (openpgp.js refuses to create it unless told to).
const rsa1024 = await openpgp.generateKey({ type: 'rsa', rsaBits: 1024, userIDs: user('rsa1024'), date: created, format: 'armored', config: { minRSABits: 1024 } });
await write('rsa-1024.asc', rsa1024.publicKey);

// v6 key (Ed25519/X25519): GnuPG 2.2 cannot read it.
const v6 = await openpgp.generateKey({ type: 'curve25519', userIDs: user('v6'), date: created, format: 'armored', config: { v6Keys: true } });
await write('v6.asc', v6.publicKey);

// v4 key with the new (RFC 9580) Ed25519/X25519 algorithms 27/25: GnuPG 2.2 cannot use them.
const x25519 = await openpgp.generateKey({ type: 'curve25519', userIDs: user('x25519'), date: created, format: 'armored' });
await write('x25519-v4.asc', x25519.publicKey);

// Signing only: no encryption subkey.
const signOnly = await openpgp.generateKey({ ...ecc, userIDs: user('signonly'), subkeys: [] });
await write('sign-only.asc', signOnly.publicKey);

// DSA-2048 + ElGamal-2048 from GnuPG.
const home = await mkdtemp(path.join(tmpdir(), 'fixture-gpg-'));
try {
  const gpg = (...args: string[]) => execFileSync('gpg', ['--homedir', home, '--batch', '--pinentry-mode', 'loopback', '--passphrase', '', '--faked-system-time', '20250101T000000!', ...args], { stdio: ['ignore', 'pipe', 'ignore'] });
  gpg('--quick-generate-key', 'dsa (TEST FIXTURE) <dsa@fixture.example>', 'dsa2048', 'sign', 'never');
  const fpr = /fpr:+([0-9A-F]{40}):/.exec(execFileSync('gpg', ['--homedir', home, '--with-colons', '--list-keys']).toString())?.[1] as string;
  gpg('--quick-add-key', fpr, 'elg2048', 'encr', 'never');
  await write('dsa.asc', gpg('--export', '--armor', fpr).toString());
} finally {
  await rm(home, { recursive: true, force: true });
}

await write('garbage.asc', '-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nthis is not a key\n-----END PGP PUBLIC KEY BLOCK-----\n');
