/** Detached armoured signatures for the public tier (feed-format §5.4, §6): `gpg --verify f.asc f`. */
import { createMessage, readSignature, verify, type Signature } from 'openpgp';
import { FeedError, type CryptoCode } from '../errors.js';
import { PGP_CONFIG } from './config.js';
import { messageOf, privateKeyOf, publicKeyOf } from './handles.js';
import { signDetachedArmored } from './sign.mjs';
import type { Certificate, SecretKey, TimeOptions } from './types.js';

/** Signs `data` (a binary-mode signature) and returns the armoured detached signature. */
export async function signDetached(data: Uint8Array, signer: SecretKey, options: TimeOptions = {}): Promise<string> {
  return signDetachedArmored(privateKeyOf(signer), data, options.date ?? new Date(), PGP_CONFIG);
}

/**
 * Verifies an armoured detached signature over `data` by `publisher`. Throws MESSAGE_MALFORMED
 * (not a signature), SIGNATURE_MISSING (no signature packet) or SIGNATURE_INVALID.
 */
export async function verifyDetached(data: Uint8Array, armoredSignature: string, publisher: Certificate): Promise<void> {
  let signature: Signature;
  try {
    signature = await readSignature({ armoredSignature, config: PGP_CONFIG });
  } catch (cause) {
    throw new FeedError<CryptoCode>('MESSAGE_MALFORMED', `Expected an armoured OpenPGP signature, got unreadable data (${messageOf(cause)})`, {
      cause, hint: 'Fetch the .asc file again.',
    });
  }
  if (signature.packets.length === 0) {
    throw new FeedError<CryptoCode>('SIGNATURE_MISSING', 'Expected a detached signature, got none', { hint: 'Fetch the .asc file again.' });
  }
  try {
    const message = await createMessage({ binary: data });
    const result = await verify({ message, signature, verificationKeys: publicKeyOf(publisher), expectSigned: true, format: 'binary', config: PGP_CONFIG });
    await Promise.any(result.signatures.map((s) => s.verified));
  } catch (cause) {
    if (cause instanceof FeedError) throw cause;
    const text = cause instanceof AggregateError ? cause.errors.map(messageOf).join('; ') : messageOf(cause);
    throw new FeedError<CryptoCode>('SIGNATURE_INVALID', `Expected a valid signature by the pinned publisher key ${publisher.fingerprint}, got ${text}`, {
      cause, hint: 'Do not use this file; check that the pinned publisher key is the current one.',
    });
  }
}
