/**
 * A recipient header (seal.ts RecipientHeader) for keys whose checks were kept from an earlier
 * build and still hold (keyring.ts `known`, key-span.ts): the PKESKs openpgp.js's
 * generateSessionKey + encryptSessionKey would write at that moment, without checking the keys'
 * signatures again (~2 WebCrypto verifications a key: at 450 keys ~0.8 s of a rebuild's CPU).
 *
 * What openpgp.js would decide from those signatures comes from the checks: which (sub)keys get
 * a PKESK (`encryptionKeys`), and the cipher (its getPreferredCipherSuite without AEAD: AES-256
 * when every key's self-signature prefers it, else AES-128; `cipher`). The PKESKs are then made
 * by openpgp.js's own packet class, in fingerprint order as makeRecipientHeader writes them.
 * test/feed/kept-header.test.ts holds the two to the same algorithm and recipients, and opens
 * the result with openpgp.js and gpg.
 *
 * When every kept encryption key is a v4 ECDH key on Curve25519 (what GnuPG 2.2 and openpgp.js
 * make), `nativeKeptHeader` writes the same PKESKs with node:crypto (ecdh-pkesk.ts) from the key
 * files' packets (key-packets.ts), without parsing the certificates: at 450 keys, nine headers
 * took ~0.6 s of an edit's thread in openpgp.js (~0.3 s parsing, ~0.3 s key agreement).
 */
import { webcrypto } from 'node:crypto';
import { enums, PacketList, PublicKeyEncryptedSessionKeyPacket, type PublicKey } from 'openpgp';
import { FeedError, type CryptoCode } from '../errors.js';
import { PGP_CONFIG } from './config.js';
import { fingerprintOf } from './handles.js';
import { ecdhPkesk, isNativeRecipient, type EcdhRecipient } from './ecdh-pkesk.js';
import { ecdhKeysOf } from './key-packets.js';
import { compare } from './recipients.js';
import type { RecipientHeader } from './seal.js';

/** What openpgp.js chooses a cipher by, read from a key's primary self-signature when it was checked. */
export interface CipherPreferences {
  /** Its preferred symmetric algorithms (openpgp.js enum values), in its order. */
  symmetric: number[];
  /** Whether it advertises SEIPDv2 (AEAD): openpgp.js uses AEAD when every recipient does. */
  seipdv2: boolean;
}

/** The kept check of one key, as far as a header needs it (keyring-jobs.ts KeyCheck). */
export interface KeptRecipient {
  encryptionKeys: readonly string[];
  cipher: CipherPreferences;
}

const KEY_BYTES = new Map<number, number>([[enums.symmetric.aes128, 16], [enums.symmetric.aes192, 24], [enums.symmetric.aes256, 32]]);

/** The cipher openpgp.js would pick for these recipients with aeadProtect off (getPreferredCipherSuite). */
export function keptCipher(recipients: readonly KeptRecipient[]): number {
  if (recipients.length > 0 && recipients.every((r) => r.cipher.seipdv2)) {
    throw new Error('openpgp.js would choose AEAD for these recipients despite aeadProtect: false');
  }
  const preferred = PGP_CONFIG.preferredSymmetricAlgorithm;
  return recipients.every((r) => r.cipher.symmetric.includes(preferred)) ? preferred : enums.symmetric.aes128;
}

/** A fresh session key and a PKESK to each kept encryption key of `keys` (parsed certificates, in any order). */
export async function keptRecipientHeader(keys: readonly PublicKey[], recipients: readonly KeptRecipient[]): Promise<RecipientHeader> {
  const algorithm = keptCipher(recipients);
  const size = KEY_BYTES.get(algorithm) as number;
  const data = webcrypto.getRandomValues(new Uint8Array(size));
  const packets = new Map<string, unknown>();
  for (const key of keys) for (const component of [key, ...key.subkeys]) packets.set(fingerprintOf(component), component.keyPacket);
  const recipientKeys = [...new Set(recipients.flatMap((r) => r.encryptionKeys))].sort(compare);
  const pkesks = await Promise.all(recipientKeys.map(async (fingerprint) => {
    const keyPacket = packets.get(fingerprint);
    if (keyPacket === undefined) throw notKept(`Expected the encryption key ${fingerprint} in the recipients' certificates, found none`);
    const pkesk = (PublicKeyEncryptedSessionKeyPacket as unknown as PkeskClass).fromObject({
      version: 3, encryptionKeyPacket: keyPacket, anonymousRecipient: false, sessionKey: data, sessionKeyAlgorithm: algorithm,
    });
    await pkesk.encrypt(keyPacket).catch((cause: unknown) => {
      throw notKept(`Expected ${fingerprint} to be an encryption key, got ${cause instanceof Error ? cause.message : String(cause)}`, cause);
    });
    delete pkesk.sessionKey; // as openpgp.js does: the packet no longer holds the session key
    return pkesk;
  }));
  const list = new PacketList();
  list.push(...(pkesks as unknown as PublicKeyEncryptedSessionKeyPacket[]));
  return { sessionKey: { data, algorithm: enums.read(enums.symmetric, algorithm) }, header: list.write() as Uint8Array, recipientKeys };
}

/**
 * keptRecipientHeader's header, made by node:crypto from the key files (`armored`, any order),
 * or undefined when some kept encryption key is not a Curve25519 ECDH key of one of them: the
 * caller then makes it with openpgp.js, which also reports a key that is not there.
 */
export async function nativeKeptHeader(armored: readonly string[], recipients: readonly KeptRecipient[]): Promise<RecipientHeader | undefined> {
  const algorithm = keptCipher(recipients);
  const found = new Map<string, EcdhRecipient>();
  for (const text of armored) {
    const keys = await ecdhKeysOf(text).catch(() => undefined); // not readable: openpgp.js says why
    if (keys === undefined) return undefined;
    for (const [fingerprint, key] of keys) found.set(fingerprint, key);
  }
  const recipientKeys = [...new Set(recipients.flatMap((r) => r.encryptionKeys))].sort(compare);
  const targets = recipientKeys.map((fingerprint) => found.get(fingerprint));
  if (targets.length === 0 || !targets.every((key) => key !== undefined && isNativeRecipient(key))) return undefined;
  const data = webcrypto.getRandomValues(new Uint8Array(KEY_BYTES.get(algorithm) as number));
  const header = Buffer.concat(targets.map((key) => ecdhPkesk(key as EcdhRecipient, algorithm, data)));
  return { sessionKey: { data, algorithm: enums.read(enums.symmetric, algorithm) }, header: new Uint8Array(header), recipientKeys };
}

/** A kept check that does not fit its key file: the cache was altered, or is not this code's. */
function notKept(message: string, cause?: unknown): FeedError<CryptoCode> {
  return new FeedError<CryptoCode>('KEY_UNUSABLE', message, {
    ...(cause === undefined ? {} : { cause }),
    hint: 'A key check kept from an earlier build does not fit the key: delete .advisory-feed-cache/ in the content root and build again.',
  });
}

/** openpgp.js's PKESK class as its own encryptSessionKey uses it (not in its typings). */
interface PkeskClass {
  fromObject(fields: { version: 3; encryptionKeyPacket: unknown; anonymousRecipient: boolean; sessionKey: Uint8Array; sessionKeyAlgorithm: number }): {
    encrypt(keyPacket: unknown): Promise<void>;
    sessionKey?: Uint8Array;
  };
}
