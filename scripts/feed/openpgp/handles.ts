/**
 * Parsing key files and keeping the openpgp.js objects behind the opaque Certificate/SecretKey
 * handles: callers cannot reach (or forge) the key objects, only hand the handles back to us.
 */
import { readKeys, type Key, type PrivateKey, type PublicKey } from 'openpgp';
import { FeedError, type CryptoCode } from '../errors.js';
import { PGP_CONFIG } from './config.js';
import type { Certificate, SecretKey } from './types.js';

const publicKeys = new WeakMap<Certificate, PublicKey>();
const privateKeys = new WeakMap<SecretKey, PrivateKey>();

const ARMOR_START = '-----BEGIN PGP';

/**
 * Armoured keys parsed in this process, by their text. A build reads each partner key twice
 * (`load` inspects it, `seal` encrypts to it), and an openpgp.js key remembers which of its
 * self-signatures verified, so sharing the parsed key spares `seal` ~900 signature checks at 300
 * partners (~0.3 s). Keys are never modified after parsing (unlocking a secret key makes a copy).
 */
const parsedArmored = new Map<string, Promise<Key[]>>();
/** Enough for any program's partners; past it the cache starts over (a long test run). */
const PARSED_ARMORED_MAX = 4096;

function readArmored(text: string): Promise<Key[]> {
  let keys = parsedArmored.get(text);
  if (keys === undefined) {
    if (parsedArmored.size >= PARSED_ARMORED_MAX) parsedArmored.clear();
    keys = readKeys({ armoredKeys: text, config: PGP_CONFIG });
    parsedArmored.set(text, keys);
    keys.catch(() => parsedArmored.delete(text)); // a failure is reported to each caller anew
  }
  return keys;
}

/** Parses exactly one key (armoured or binary); throws KEY_UNREADABLE otherwise. */
export async function parseKey(input: string | Uint8Array, path?: string): Promise<Key> {
  let keys: Key[];
  try {
    const text = typeof input === 'string' ? input : looksArmored(input) ? new TextDecoder().decode(input) : undefined;
    keys = text !== undefined
      ? await readArmored(text)
      : await readKeys({ binaryKeys: input as Uint8Array, config: PGP_CONFIG });
  } catch (cause) {
    throw new FeedError<CryptoCode>('KEY_UNREADABLE', `Expected an OpenPGP key, got unreadable data (${messageOf(cause)})`, {
      path, cause, hint: 'Export the key again, e.g. `gpg --export --armor <fingerprint>`.',
    });
  }
  const [key] = keys;
  // readKeys reads only the first armour block: count the blocks ourselves.
  const blocks = typeof input === 'string' || looksArmored(input) ? countArmorBlocks(input) : 1;
  if (blocks > 1) {
    throw new FeedError<CryptoCode>('KEY_UNREADABLE', `Expected exactly one OpenPGP key, got ${blocks} armour blocks`, {
      path, hint: 'Put each key in its own file.',
    });
  }
  if (keys.length !== 1 || key === undefined) {
    throw new FeedError<CryptoCode>('KEY_UNREADABLE', `Expected exactly one OpenPGP key, got ${keys.length}`, {
      path, hint: 'Put each key in its own file.',
    });
  }
  return key;
}

function looksArmored(bytes: Uint8Array): boolean {
  const head = new TextDecoder().decode(bytes.subarray(0, 200));
  return head.includes(ARMOR_START);
}

function countArmorBlocks(input: string | Uint8Array): number {
  const text = typeof input === 'string' ? input : new TextDecoder().decode(input);
  return text.split(ARMOR_START).length - 1;
}

/** Upper-case hex fingerprint of a key or subkey. */
export function fingerprintOf(key: { getFingerprint(): string }): string {
  return key.getFingerprint().toUpperCase();
}

/** Wraps a public openpgp.js key in a Certificate handle. */
export function certificateHandle(key: PublicKey): Certificate {
  const certificate: Certificate = Object.freeze({ fingerprint: fingerprintOf(key), armored: key.armor(PGP_CONFIG) });
  publicKeys.set(certificate, key);
  return certificate;
}

/** Wraps an unlocked private openpgp.js key in a SecretKey handle. */
export function secretKeyHandle(key: PrivateKey): SecretKey {
  const secret: SecretKey = Object.freeze({ fingerprint: fingerprintOf(key), certificate: certificateHandle(key.toPublic()) });
  privateKeys.set(secret, key);
  return secret;
}

export function publicKeyOf(certificate: Certificate): PublicKey {
  const key = publicKeys.get(certificate);
  if (key === undefined) throw unknownHandle('Certificate', 'readCertificate');
  return key;
}

export function privateKeyOf(secret: SecretKey): PrivateKey {
  const key = privateKeys.get(secret);
  if (key === undefined) throw unknownHandle('SecretKey', 'readSecretKey');
  return key;
}

function unknownHandle(kind: string, reader: string): FeedError<CryptoCode> {
  return new FeedError<CryptoCode>('KEY_UNREADABLE', `Expected a ${kind} made by ${reader}(), got another object`, {
    hint: `Obtain keys through ${reader}() from scripts/feed/openpgp.js.`,
  });
}

/** The message of an unknown thrown value, for "got ..." texts. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
