/**
 * Sealing = sign with the publisher key + encrypt to a fixed recipient set (feed-format §5).
 * One session key and one recipient header (the PKESK packets) per sealer; every message is
 * header + its own SEIPDv1 packet under that session key. Computing the header once saves
 * ~0.13 ms per recipient per message (docs: BASELINES.md).
 */
import { createMessage, encrypt, encryptSessionKey, generateSessionKey, sign, type Message, type SessionKey } from 'openpgp';
import { FeedError, type CryptoCode } from '../errors.js';
import { PGP_CONFIG } from './config.js';
import { messageOf, privateKeyOf } from './handles.js';
import { recipientTargets, recipientsIdOf } from './recipients.js';
import { sealTextNatively } from './seal-text.mjs';
import { encryptSigned } from './seipd.mjs';
import { signedMessageOf, signPayload, type SignedPayload } from './signed-payload.js';
import type { Certificate, Sealer, SealPiecesOptions, SecretKey, TimeOptions } from './types.js';

/** What a seal pool's workers need to seal for a Sealer: never leaves the process. */
export interface SealerParts {
  signer: string;
  sessionKey: { data: Uint8Array; algorithm: string };
  header: Uint8Array;
}

const parts = new WeakMap<Sealer, SealerParts>();

/** The session key and recipient header behind a Sealer made by createSealer (for seal-pool.ts). */
export function sealerPartsOf(sealer: Sealer): SealerParts {
  const found = parts.get(sealer);
  if (found === undefined) {
    throw new FeedError<CryptoCode>('KEY_UNUSABLE', 'Expected a Sealer made by createSealer(), got another object', {
      hint: 'Obtain sealers through createSealer() from scripts/feed/openpgp.js.',
    });
  }
  return found;
}

/** Header + SEIPDv1 body under `sessionKey` for a signed message (feed-format §5.2, §5.3). */
export async function sealMessage(message: Message<Uint8Array>, sessionKey: SealerParts['sessionKey'], header: Uint8Array): Promise<Uint8Array> {
  // Only the SEIPDv1 packet, as openpgp.js's encrypt() writes it without recipients (seipd.mjs).
  // The signed message is not modified, so one payload can be sealed for many groups.
  const body = await encryptSigned(message, sessionKey, PGP_CONFIG);
  return joined([header, body]);
}

/** UTF-16 code units of text per chunk that sealPieces hands to openpgp.js. */
const PIECES_CHUNK = 1 << 20;

/**
 * Header + SEIPDv1 body for text given in pieces (Sealer.sealPieces): made in one pass by
 * node:crypto where the key, the session key and the text's size allow (seal-text.mjs), else
 * signed and encrypted by openpgp.js as a stream.
 */
async function sealTextPieces(pieces: Iterable<string>, signer: SecretKey, sessionKey: SealerParts['sessionKey'], header: Uint8Array, date: Date, options: SealPiecesOptions): Promise<Uint8Array> {
  const list = Array.isArray(pieces) ? (pieces as readonly string[]) : [...pieces];
  const native = await sealTextNatively(list, { privateKey: privateKeyOf(signer), sessionKey, header, date, config: PGP_CONFIG, ...options });
  return native ?? sealTextStreamed(list, signer, sessionKey, header, date, options);
}

async function sealTextStreamed(pieces: Iterable<string>, signer: SecretKey, sessionKey: SealerParts['sessionKey'], header: Uint8Array, date: Date, { onPlaintext }: SealPiecesOptions): Promise<Uint8Array> {
  const next = pieces[Symbol.iterator]();
  const encoder = new TextEncoder();
  let ended = false;
  const input = new ReadableStream<Uint8Array>({
    // Pieces joined into chunks of ~1 MB: openpgp.js pays per chunk, and the build state comes
    // in ~110,000 pieces at 10,000 advisories, most of a few dozen bytes (2.6 s one by one).
    pull(controller) {
      let chunk = '';
      while (!ended && chunk.length < PIECES_CHUNK) {
        const piece = next.next();
        if (piece.done === true) ended = true;
        else chunk += piece.value;
      }
      if (chunk !== '') {
        const bytes = encoder.encode(chunk);
        onPlaintext?.(bytes);
        controller.enqueue(bytes);
      }
      if (ended) controller.close();
    },
  });
  const message = await createMessage({ binary: input, format: 'binary', date });
  const signed = await sign({ message, signingKeys: privateKeyOf(signer), date, format: 'object', config: PGP_CONFIG });
  const body = await encrypt({ message: signed, sessionKey: sessionKey as SessionKey, format: 'binary', config: PGP_CONFIG });
  const chunks: Uint8Array[] = [header];
  const reader = body.getReader();
  for (let chunk = await reader.read(); chunk.done !== true; chunk = await reader.read()) chunks.push(chunk.value);
  return joined(chunks);
}

function joined(chunks: readonly Uint8Array[]): Uint8Array {
  const bytes = new Uint8Array(chunks.reduce((size, chunk) => size + chunk.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return bytes;
}

/**
 * A recipient header (feed-format §5.3): one fresh session key, and a PKESK for it to every
 * usable encryption (sub)key of every certificate (feed-format §5.1). What a Sealer seals under;
 * made by createSealer, or apart from the signing key (keyring.ts) and given to sealerFromHeader.
 */
export interface RecipientHeader {
  sessionKey: SealerParts['sessionKey'];
  /** The PKESK packets, written before every message's SEIPDv1 packet. */
  header: Uint8Array;
  /** Upper-case fingerprints of the encryption (sub)keys, sorted. */
  recipientKeys: readonly string[];
}

/**
 * Makes a sealer for `recipients`: every usable encryption (sub)key of every certificate gets a
 * PKESK. Throws NO_RECIPIENTS (empty list) or KEY_UNUSABLE (a recipient without a usable
 * encryption key, or a signer that cannot sign). Make a new sealer whenever the recipient set
 * changes: anyone who held this session key can read every message it sealed.
 */
export async function createSealer(signer: SecretKey, recipients: Certificate[], options: TimeOptions = {}): Promise<Sealer> {
  const now = options.date ?? new Date();
  await checkSigner(signer, now);
  return assembleSealer(signer, await makeRecipientHeader(recipients, now), options);
}

/**
 * A sealer under a header made by makeRecipientHeader (possibly in another thread of this
 * process): the same Sealer createSealer would have made with that header. Throws KEY_UNUSABLE
 * for a signer that cannot sign.
 */
export async function sealerFromHeader(signer: SecretKey, made: RecipientHeader, options: TimeOptions = {}): Promise<Sealer> {
  await checkSigner(signer, options.date ?? new Date());
  return assembleSealer(signer, made, options);
}

/** A fresh session key and its PKESKs for `recipients` at `date` (NO_RECIPIENTS, KEY_UNUSABLE). */
export async function makeRecipientHeader(recipients: readonly Certificate[], date: Date): Promise<RecipientHeader> {
  const targets = await recipientTargets(recipients, date);
  const keys = [...new Set(targets.map((t) => t.key))];
  const sessionKey = await generateSessionKey({ encryptionKeys: keys, date, config: PGP_CONFIG });
  if (sessionKey.aeadAlgorithm !== undefined) throw new Error('openpgp.js chose AEAD despite aeadProtect: false');
  const header = await encryptSessionKey({
    ...sessionKey,
    encryptionKeys: targets.map((t) => t.key),
    encryptionKeyIDs: targets.map((t) => t.keyID),
    date,
    format: 'binary',
    config: PGP_CONFIG,
  });
  return { sessionKey: { data: sessionKey.data, algorithm: sessionKey.algorithm }, header, recipientKeys: targets.map((t) => t.fingerprint) };
}

async function checkSigner(signer: SecretKey, now: Date): Promise<void> {
  try {
    await privateKeyOf(signer).getSigningKey(undefined, now, undefined, PGP_CONFIG);
  } catch (cause) {
    throw new FeedError<CryptoCode>('KEY_UNUSABLE', `Expected a signing key valid at ${now.toISOString()}, got ${signer.fingerprint} (${messageOf(cause)})`, {
      cause, hint: 'Renew or replace the publisher key.',
    });
  }
}

function assembleSealer(signer: SecretKey, made: RecipientHeader, options: TimeOptions): Sealer {
  const { sessionKey, header } = made;
  const recipientKeys = Object.freeze([...made.recipientKeys]);
  async function sealSigned(payload: SignedPayload): Promise<Uint8Array> {
    if (payload.signer !== signer.fingerprint) {
      throw new FeedError<CryptoCode>('KEY_UNUSABLE', `Expected a payload signed by ${signer.fingerprint}, got one signed by ${payload.signer}`, {
        hint: 'Sign payloads with the same key the sealer was made with.',
      });
    }
    return sealMessage(signedMessageOf(payload), sessionKey, header);
  }
  const sealer: Sealer = Object.freeze({
    recipientsId: recipientsIdOf(recipientKeys),
    recipientKeys,
    sealSigned,
    async seal(plaintext: Uint8Array): Promise<Uint8Array> {
      // A large plaintext (an index) in one pass, without openpgp.js's copies of it (seal-text.mjs).
      const native = await sealTextNatively([plaintext], { privateKey: privateKeyOf(signer), sessionKey, header, date: options.date ?? new Date(), config: PGP_CONFIG });
      return native ?? sealSigned(await signPayload(signer, plaintext, options));
    },
    sealPieces: (pieces: Iterable<string>, piecesOptions: SealPiecesOptions = {}) => sealTextPieces(pieces, signer, sessionKey, header, options.date ?? new Date(), piecesOptions),
  });
  parts.set(sealer, { signer: signer.fingerprint, sessionKey, header });
  return sealer;
}
