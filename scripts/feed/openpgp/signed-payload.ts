/**
 * Sign once, seal many times (feed-format §5.3): an item plaintext that several groups see is
 * signed once per build, then encrypted under each group's session key. The signature is made by
 * sign.mjs (~0.15 ms with an Ed25519 key, ~0.3-0.45 ms through openpgp.js, vs ~0.05 ms for the
 * encryption of a 5 KB item).
 */
import type { Message } from 'openpgp';
import { FeedError, type CryptoCode } from '../errors.js';
import { PGP_CONFIG } from './config.js';
import { privateKeyOf } from './handles.js';
import { signInline } from './sign.mjs';
import type { SecretKey, TimeOptions } from './types.js';

/** A plaintext signed by the publisher, ready to be sealed by any Sealer of the same signer. Opaque. */
export interface SignedPayload {
  /** Fingerprint of the key that signed it. */
  readonly signer: string;
  /** Size of the plaintext in bytes. */
  readonly size: number;
}

const messages = new WeakMap<SignedPayload, Message<Uint8Array>>();

/** Signs `plaintext` (one-pass signature + literal data packets, as `gpg --sign` writes them). */
export async function signPayload(signer: SecretKey, plaintext: Uint8Array, options: TimeOptions = {}): Promise<SignedPayload> {
  const date = options.date ?? new Date();
  const signed = await signInline(privateKeyOf(signer), plaintext, date, PGP_CONFIG);
  const payload: SignedPayload = Object.freeze({ signer: signer.fingerprint, size: plaintext.length });
  messages.set(payload, signed);
  return payload;
}

/** The signed openpgp.js message behind a payload. */
export function signedMessageOf(payload: SignedPayload): Message<Uint8Array> {
  const message = messages.get(payload);
  if (message === undefined) {
    throw new FeedError<CryptoCode>('MESSAGE_MALFORMED', 'Expected a SignedPayload made by signPayload(), got another object', {
      hint: 'Obtain payloads through signPayload() from scripts/feed/openpgp.js.',
    });
  }
  return message;
}
