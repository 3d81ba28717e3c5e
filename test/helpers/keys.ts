/**
 * Builders for throwaway OpenPGP keys (tests only; scripts/feed never generates keys). ECC keys
 * cost ~1 ms, RSA-3072 ~0.5 s: share RSA keys across the tests of a file.
 */
import { config as defaults, generateKey, readPrivateKey, revokeKey, type PrivateKey } from 'openpgp';

export interface KeyOptions {
  /** `ecc` (ed25519/cv25519 legacy, GnuPG 2.2-compatible, default), `rsa`, or `curve25519` (RFC 9580 X25519/Ed25519: GnuPG 2.2 cannot). */
  type?: 'ecc' | 'rsa' | 'curve25519';
  /** RSA modulus size in bits (default 3072). Sizes below 2048 are allowed here to build weak keys. */
  rsaBits?: number;
  name?: string;
  /** Seconds from `created` until the key expires; 0 or unset: never. */
  expiresIn?: number;
  /** Creation time (default now). */
  created?: Date;
  /** Protect the secret key with this passphrase. */
  passphrase?: string;
  /** Revoke the key right after generating it. */
  revoked?: boolean;
  /** Make a v6 key (GnuPG 2.2 cannot read it). */
  v6?: boolean;
  /** Extra encryption subkeys beyond the default one. */
  extraEncryptionSubkeys?: number;
  /** Make the key signing-only (no encryption subkey). */
  signOnly?: boolean;
}

export interface TestKey {
  /** Armoured secret key (locked when `passphrase` was given). */
  secret: string;
  /** Armoured public key. */
  public: string;
  fingerprint: string;
}

/** Generates a key per `options`; see KeyOptions. */
export async function makeKey(options: KeyOptions = {}): Promise<TestKey> {
  const type = options.type ?? (options.v6 === true ? 'curve25519' : 'ecc');
  const name = options.name ?? 'Test Key';
  const subkeys = options.signOnly === true
    ? [{ sign: true }]
    : Array.from({ length: 1 + (options.extraEncryptionSubkeys ?? 0) }, () => ({}));
  const { privateKey } = await generateKey({
    type,
    ...(type === 'rsa' ? { rsaBits: options.rsaBits ?? 3072 } : {}),
    userIDs: [{ name, email: `${name.toLowerCase().replace(/[^a-z0-9]+/g, '.')}@example.test` }],
    keyExpirationTime: options.expiresIn ?? 0,
    ...(options.created === undefined ? {} : { date: options.created }),
    subkeys,
    format: 'object',
    config: { v6Keys: options.v6 === true, minRSABits: 512 },
  });
  let key: PrivateKey = privateKey;
  if (options.revoked === true) {
    key = (await revokeKey({ key, format: 'object', ...(options.created === undefined ? {} : { date: options.created }) })).privateKey;
  }
  const publicArmor = key.toPublic().armor();
  const secret = options.passphrase === undefined
    ? key.armor()
    : (await (await import('openpgp')).encryptKey({ privateKey: key, passphrase: options.passphrase })).armor();
  return { secret, public: publicArmor, fingerprint: key.getFingerprint().toUpperCase() };
}

/** Reads back a TestKey's secret key as an openpgp.js object (for tests that need raw access). */
export async function rawSecretKey(key: TestKey): Promise<PrivateKey> {
  return readPrivateKey({ armoredKey: key.secret, config: { ...defaults, minRSABits: 512 } });
}
