/**
 * Steps §8.2 and §8.10 (feed-format): decrypt the index with the partner's key and
 * verify it is signed by the pinned publisher key. Any failure (another signer, no signature, not
 * for this key, damaged) is SIGNATURE_INVALID: nothing from an unverified file is looked at.
 */
import { isFeedError } from '../feed/errors.js';
import { openSealed, type Certificate, type OpenCache, type SecretKey } from '../feed/openpgp.js';
import { pollError } from './errors.js';

export interface PollKeys {
  decryptionKey: SecretKey;
  publisher: Certificate;
}

/**
 * Returns the verified plaintext of a sealed feed file, or throws SIGNATURE_INVALID. `cache`
 * (the items of one run) reuses the session key of a recipient header already opened; every
 * file is still decrypted and its signature verified.
 */
export async function verifySignature(sealed: Uint8Array, keys: PollKeys, what: string, cache?: OpenCache): Promise<Uint8Array> {
  try {
    return await openSealed(sealed, keys, cache === undefined ? {} : { cache });
  } catch (error) {
    const code = isFeedError(error) ? error.code : 'UNEXPECTED';
    const hint = code === 'DECRYPT_FAILED'
      ? 'The file is not encrypted to --key: check that --key is the key this group was published for, and the --feed URL.'
      : 'Do not use this feed: check that --publisher-key is the publisher\'s current key and tell the publisher.';
    throw pollError('SIGNATURE_INVALID', `Expected ${what} signed by the pinned publisher key ${keys.publisher.fingerprint} and encrypted to ${keys.decryptionKey.fingerprint}, got ${code}: ${(error as Error).message}`, {
      cause: error,
      hint,
    });
  }
}
