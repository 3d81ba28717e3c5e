/**
 * Which (sub)keys of a certificate a message is encrypted to: every encryption-capable key that
 * is valid at the date and that GnuPG 2.2 can use (feed-format §5.1). openpgp.js alone would pick
 * only the newest encryption subkey of each certificate; a partner may decrypt with any of them.
 */
import { createHash } from 'node:crypto';
import { enums, type Key, type KeyID, type PublicKey, type Subkey } from 'openpgp';
import { FeedError, type CryptoCode } from '../errors.js';
import { PGP_CONFIG, UNSUPPORTED_ALGORITHMS, WEAK_ALGORITHMS } from './config.js';
import { fingerprintOf, publicKeyOf } from './handles.js';
import type { Certificate } from './types.js';

/** Algorithms that can encrypt at all; checking only these saves signature verifications. */
const ENCRYPTING_ALGORITHMS: ReadonlySet<number> = new Set([
  enums.publicKey.rsaEncryptSign, enums.publicKey.rsaEncrypt, enums.publicKey.ecdh, enums.publicKey.elgamal,
  enums.publicKey.x25519, enums.publicKey.x448,
]);

/** One PKESK to write: the certificate and the key id of the (sub)key to encrypt to. */
export interface EncryptionTarget {
  key: PublicKey;
  keyID: KeyID;
  /** Upper-case fingerprint of the encryption (sub)key. */
  fingerprint: string;
  /** The encryption (sub)key itself, for expiry reports. */
  component: Key | Subkey;
}

/**
 * Targets found per parsed key and moment: a build asks for the same certificates once for the
 * recipient-set id and again for the sealer of each group they are in, and each answer costs a
 * signature check per (sub)key. Keys are never changed once parsed, so the answer cannot go stale.
 */
const found = new WeakMap<Key, Map<number, Promise<EncryptionTarget[]>>>();

/** Every usable encryption (sub)key of `key` at `date`; empty when there is none. */
export function encryptionTargets(key: Key, date: Date): Promise<EncryptionTarget[]> {
  let byDate = found.get(key);
  if (byDate === undefined) found.set(key, (byDate = new Map()));
  let targets = byDate.get(date.getTime());
  if (targets === undefined) byDate.set(date.getTime(), (targets = findEncryptionTargets(key, date)));
  return targets;
}

async function findEncryptionTargets(key: Key, date: Date): Promise<EncryptionTarget[]> {
  if (key.keyPacket.version !== 4) return [];
  const publicKey = key.isPrivate() ? key.toPublic() : key;
  const targets: EncryptionTarget[] = [];
  for (const candidate of [key, ...key.subkeys]) {
    const algorithm = candidate.keyPacket.algorithm as number;
    if (!ENCRYPTING_ALGORITHMS.has(algorithm) || UNSUPPORTED_ALGORITHMS.has(algorithm) || WEAK_ALGORITHMS.has(algorithm)) continue;
    try {
      // Verifies the primary key, the binding signature, flags and algorithm strength at `date`.
      const component = await publicKey.getEncryptionKey(candidate.getKeyID(), date, undefined, PGP_CONFIG);
      targets.push({ key: publicKey, keyID: component.getKeyID(), fingerprint: fingerprintOf(component), component });
    } catch {
      // Not an encryption key, or not valid at `date`: not a target.
    }
  }
  return targets;
}

/**
 * The targets of every certificate, deduplicated. Throws NO_RECIPIENTS for an empty list and
 * KEY_UNUSABLE naming the first certificate that has no usable encryption key at `date`.
 */
export async function recipientTargets(recipients: readonly Certificate[], date: Date): Promise<EncryptionTarget[]> {
  if (recipients.length === 0) {
    throw new FeedError<CryptoCode>('NO_RECIPIENTS', 'Expected at least one recipient certificate, got none', {
      hint: 'Give the group an active member with a usable key, or leave the group out.',
    });
  }
  const byFingerprint = new Map<string, EncryptionTarget>();
  // In parallel: signature checks run on the libuv thread pool (WebCrypto).
  const perCertificate = await Promise.all(recipients.map((c) => encryptionTargets(publicKeyOf(c), date)));
  for (const [index, certificate] of recipients.entries()) {
    const targets = perCertificate[index] ?? [];
    if (targets.length === 0) {
      throw new FeedError<CryptoCode>('KEY_UNUSABLE', `Expected a usable encryption key in ${certificate.fingerprint} at ${date.toISOString()}, got none`, {
        hint: 'Leave expired, revoked or unsupported keys out (see inspectKey / `check`).',
      });
    }
    for (const target of targets) byFingerprint.set(target.fingerprint, target);
  }
  return [...byFingerprint.values()].sort((a, b) => compare(a.fingerprint, b.fingerprint));
}

/** SHA-256 (lower-case hex) of the sorted encryption-key fingerprints, one per line. */
export function recipientsIdOf(fingerprints: readonly string[]): string {
  const sorted = [...new Set(fingerprints.map((f) => f.toUpperCase()))].sort(compare);
  return createHash('sha256').update(sorted.join('\n'), 'utf8').digest('hex');
}

/**
 * The recipient-set id `createSealer` would give these certificates at `date`, without making a
 * session key: lets the build decide whether earlier sealed files can be reused.
 */
export async function recipientsIdFor(recipients: readonly Certificate[], date: Date = new Date()): Promise<string> {
  return recipientsIdOf((await recipientTargets(recipients, date)).map((t) => t.fingerprint));
}

/** Code-unit order of fingerprints, as every sorted list of recipient keys uses. */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
