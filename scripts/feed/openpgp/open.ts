/**
 * Opening = decrypt + verify (feed-format §8.2, §8.10). Always `expectSigned: true` with the
 * pinned publisher certificate as the only verification key, and the verification awaited:
 * nothing is returned that the publisher did not sign.
 */
import { decrypt, readMessage, type Message } from 'openpgp';
import { FeedError, type CryptoCode } from '../errors.js';
import { PGP_CONFIG } from './config.js';
import { messageOf, privateKeyOf, publicKeyOf } from './handles.js';
import { isSealedShape, packetTags } from './packet-framing.js';
import type { Certificate, SecretKey, TimeOptions } from './types.js';

/**
 * Decrypts `message` (binary) with `decryptionKey` and verifies it is signed by `publisher`.
 * Throws MESSAGE_MALFORMED (not an OpenPGP message), DECRYPT_FAILED (not for this key, or
 * damaged), SIGNATURE_MISSING (unsigned) or SIGNATURE_INVALID (other signer, or bad signature).
 */
export async function openSealed(
  message: Uint8Array,
  keys: { decryptionKey: SecretKey; publisher: Certificate },
  options: TimeOptions = {},
): Promise<Uint8Array> {
  const decryptionKey = privateKeyOf(keys.decryptionKey);
  const publisher = publicKeyOf(keys.publisher);
  assertSealedFraming(message);
  let parsed: Message<Uint8Array>;
  try {
    parsed = await readMessage({ binaryMessage: message, config: PGP_CONFIG });
  } catch (cause) {
    throw new FeedError<CryptoCode>('MESSAGE_MALFORMED', `Expected a binary OpenPGP message, got unreadable data (${messageOf(cause)})`, {
      cause, hint: 'The file is damaged or not a sealed feed file; fetch it again.',
    });
  }
  try {
    const result = await decrypt({
      message: parsed,
      decryptionKeys: decryptionKey,
      verificationKeys: publisher,
      expectSigned: true,
      format: 'binary',
      config: PGP_CONFIG,
      ...(options.date === undefined ? {} : { date: options.date }),
    });
    // expectSigned already made decrypt() wait for one good signature; check it ourselves too.
    if (result.signatures.length === 0) throw new Error('Message is not signed');
    await Promise.any(result.signatures.map((s) => s.verified));
    return result.data;
  } catch (cause) {
    throw classify(cause, keys.publisher.fingerprint);
  }
}

/** Every byte must belong to PKESK packets followed by one SEIPD packet (feed-format §5.2). */
function assertSealedFraming(message: Uint8Array): void {
  const framing = packetTags(message);
  const problem = 'problem' in framing
    ? framing.problem
    : isSealedShape(framing.tags) ? undefined : `packets [${framing.tags.join(', ')}] instead of recipient headers (1) and one encrypted packet (18)`;
  if (problem === undefined) return;
  throw new FeedError<CryptoCode>('MESSAGE_MALFORMED', `Expected a sealed feed file (feed-format §5.2), got ${problem}`, {
    hint: 'The file is damaged or was altered; fetch it again, and do not use it if this persists.',
  });
}

/** Maps openpgp.js failures (only distinguishable by message) to our codes. */
function classify(cause: unknown, publisher: string): FeedError<CryptoCode> {
  const raw = cause instanceof AggregateError ? cause.errors.map(messageOf).join('; ') : messageOf(cause);
  // openpgp.decrypt prefixes every failure with "Error decrypting message: "; classify the rest.
  const text = raw.replace(/^Error decrypting message:\s*/i, '');
  if (/decompressed message size/i.test(text)) {
    return new FeedError<CryptoCode>('MESSAGE_MALFORMED', `Expected an uncompressed message (feed-format §5.2), got one that expands past the limit`, {
      cause, hint: 'Do not use this file; it is not a feed file.',
    });
  }
  if (/not signed/i.test(text)) {
    return new FeedError<CryptoCode>('SIGNATURE_MISSING', 'Expected a message signed by the publisher, got an unsigned one', {
      cause, hint: 'Do not use this file; the feed may be tampered with.',
    });
  }
  if (/signing key|signed digest|signature/i.test(text) && !/session key|modification|decryption/i.test(text)) {
    return new FeedError<CryptoCode>('SIGNATURE_INVALID', `Expected a valid signature by the pinned publisher key ${publisher}, got ${text}`, {
      cause, hint: 'Do not use this file; check that the pinned publisher key is the current one.',
    });
  }
  if (/session key|decrypt|modification|no .*key/i.test(text)) {
    return new FeedError<CryptoCode>('DECRYPT_FAILED', `Expected a message this key can decrypt, got ${text}`, {
      cause, hint: 'The file is for another recipient or damaged; check the key and fetch it again.',
    });
  }
  return new FeedError<CryptoCode>('MESSAGE_MALFORMED', `Expected a signed and encrypted OpenPGP message, got ${text}`, {
    cause, hint: 'The file is damaged or not a sealed feed file; fetch it again.',
  });
}
