/** Reading certificates (public keys) and unlocking secret keys. */
import { decryptKey, type PrivateKey } from 'openpgp';
import { FeedError, type CryptoCode } from '../errors.js';
import { PGP_CONFIG } from './config.js';
import { certificateHandle, parseKey, secretKeyHandle } from './handles.js';
import type { Certificate, SecretKey } from './types.js';

/**
 * Reads one public key (armoured or binary). Throws KEY_UNREADABLE when it is not exactly one
 * OpenPGP key and KEY_NOT_PUBLIC when it holds secret key material. Fitness for use (expiry,
 * algorithms) is `inspectKey`'s job; `createSealer` refuses keys it cannot use.
 */
export async function readCertificate(armored: string | Uint8Array, path?: string): Promise<Certificate> {
  const key = await parseKey(armored, path);
  if (key.isPrivate()) {
    throw new FeedError<CryptoCode>('KEY_NOT_PUBLIC', 'Expected a public key, got a secret key', {
      path, hint: 'Export only the public key (`gpg --export --armor`) and keep the secret key private.',
    });
  }
  return certificateHandle(key);
}

/**
 * Reads one secret key and unlocks it with `passphrase` when it is protected. Throws
 * KEY_UNREADABLE, KEY_NOT_SECRET (a public key) or KEY_LOCKED (missing or wrong passphrase).
 */
export async function readSecretKey(armored: string | Uint8Array, passphrase?: string, path?: string): Promise<SecretKey> {
  const key = await parseKey(armored, path);
  if (!key.isPrivate()) {
    throw new FeedError<CryptoCode>('KEY_NOT_SECRET', 'Expected a secret key, got a public key', {
      path, hint: 'Give the secret key file (`gpg --export-secret-keys --armor`).',
    });
  }
  return secretKeyHandle(await unlock(key, passphrase, path));
}

async function unlock(key: PrivateKey, passphrase: string | undefined, path?: string): Promise<PrivateKey> {
  if (key.isDecrypted()) return key;
  if (passphrase === undefined) {
    throw new FeedError<CryptoCode>('KEY_LOCKED', 'Expected a passphrase for the protected secret key, got none', {
      path, hint: 'Provide the passphrase (environment variable or passphrase file).',
    });
  }
  try {
    return await decryptKey({ privateKey: key, passphrase, config: PGP_CONFIG });
  } catch (cause) {
    // The cause is openpgp.js's "Incorrect key passphrase"; the passphrase itself is never echoed.
    throw new FeedError<CryptoCode>('KEY_LOCKED', 'Expected the passphrase of the secret key, got one that does not unlock it', {
      path, cause, hint: 'Check the passphrase source; it must match the key exactly.',
    });
  }
}
