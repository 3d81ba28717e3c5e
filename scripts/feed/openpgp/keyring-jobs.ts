/**
 * What a keyring (keyring.ts) answers about partner keys, as plain data, whichever thread runs it:
 * the build's own, or the keyring's worker (keyring-worker.mjs), which imports this very module.
 */
import type { Certificate, KeyReport } from './types.js';
import { PGP_CONFIG } from './config.js';
import { parseKey, publicKeyOf } from './handles.js';
import { inspectKey } from './inspect-key.js';
import { keptRecipientHeader, nativeKeptHeader, type CipherPreferences } from './kept-header.js';
import { keySpan, type KeySpan } from './key-span.js';
import { readCertificate } from './read-keys.js';
import { compare, encryptionTargets, recipientsIdOf, recipientTargets } from './recipients.js';
import { makeRecipientHeader, type RecipientHeader } from './seal.js';

export { inspectKey };

/** A partner key file: its armoured text, and its path for error messages. */
export interface KeyFile {
  armored: string;
  path: string;
}

/** Who a group's files are encrypted to (feed-format §5.1): the encryption (sub)keys, and their id. */
export interface RecipientSet {
  /** recipientsIdOf(recipientKeys): a Sealer's `recipientsId`. */
  recipientsId: string;
  /** Upper-case fingerprints of the encryption (sub)keys, sorted. */
  recipientKeys: readonly string[];
}

/** The features flag of SEIPDv2 (RFC 9580 §5.2.3.32; openpgp.js's enums.features.seipdv2, not in its typings). */
const SEIPDV2_FEATURE = 0x08;

/** A key file judged at one moment, with what a later build needs to take the judgement as it is. */
export interface KeyCheck {
  /** inspectKey at the moment. */
  report: KeyReport;
  /** Fingerprints of the (sub)keys a message to this key is encrypted to at the moment (recipients.ts). */
  encryptionKeys: string[];
  /** What openpgp.js picks a cipher by (kept-header.ts); none for a key not fit to be a recipient. */
  cipher?: CipherPreferences;
  /** Where the judgement holds (key-span.ts); none when only at its own second. */
  span?: KeySpan;
}

/** inspectKey, and the encryption keys and span of a key fit to be a recipient at `now`. */
export async function checkKey(armored: string, now: Date, path: string): Promise<KeyCheck> {
  const report = await inspectKey(armored, now, path);
  if (!isFitRecipient(report)) return { report, encryptionKeys: [] };
  const key = await parseKey(armored, path); // the same parse inspectKey made (handles.ts)
  const encryptionKeys = (await encryptionTargets(key, now)).map((t) => t.fingerprint).sort(compare);
  // The self-signature openpgp.js's getPreferredCipherSuite reads for a v4 key, verified at `now`.
  const { selfCertification } = await key.getPrimaryUser(now, undefined, PGP_CONFIG);
  const cipher: CipherPreferences = {
    symmetric: [...(selfCertification.preferredSymmetricAlgorithms ?? [])],
    seipdv2: ((selfCertification.features?.[0] ?? 0) & SEIPDV2_FEATURE) !== 0,
  };
  const span = keySpan(key, now);
  return { report, encryptionKeys, cipher, ...(span === undefined ? {} : { span }) };
}

/** A key with nothing to report, that can be encrypted to. */
export function isFitRecipient(report: KeyReport): boolean {
  return report.canEncrypt && report.problems.length === 0;
}

/** The recipient set createSealer would give these certificates at `date` (NO_RECIPIENTS, KEY_UNUSABLE). */
export async function recipientSetOf(keys: readonly KeyFile[], date: Date): Promise<RecipientSet> {
  return recipientSetFrom((await recipientTargets(await certificatesOf(keys), date)).map((t) => t.fingerprint));
}

/** The recipient set of these encryption-key fingerprints: sorted, each once (recipientTargets). */
export function recipientSetFrom(fingerprints: readonly string[]): RecipientSet {
  const recipientKeys = [...new Set(fingerprints)].sort(compare);
  return { recipientsId: recipientsIdOf(recipientKeys), recipientKeys };
}

/** The recipient set of keys whose checks were kept from an earlier build (each fit and holding now). */
export function recipientSetOfChecks(checks: readonly KeyCheck[]): RecipientSet {
  return recipientSetFrom(checks.flatMap((check) => check.encryptionKeys));
}

/**
 * The header recipientHeaderOf would make, for keys whose checks (`checks`, one a key, each fit
 * and holding now) were kept from an earlier build: no signature is checked (kept-header.ts).
 */
export async function recipientHeaderFromChecks(keys: readonly KeyFile[], checks: readonly KeyCheck[]): Promise<RecipientHeader> {
  const recipients = checks.map((check) => {
    if (check.cipher === undefined) throw new Error(`Expected a kept check with cipher preferences for ${check.report.fingerprint}, got none`);
    return { encryptionKeys: check.encryptionKeys, cipher: check.cipher };
  });
  const native = await nativeKeptHeader(keys.map((k) => k.armored), recipients);
  return native ?? keptRecipientHeader((await certificatesOf(keys)).map(publicKeyOf), recipients);
}

/** A fresh session key and its PKESKs for these certificates at `date` (makeRecipientHeader). */
export async function recipientHeaderOf(keys: readonly KeyFile[], date: Date): Promise<RecipientHeader> {
  return makeRecipientHeader(await certificatesOf(keys), date);
}

/** Parsed once per process and text (handles.ts), so the signature checks of one answer serve the next. */
export function certificatesOf(keys: readonly KeyFile[]): Promise<Certificate[]> {
  return Promise.all(keys.map((k) => readCertificate(k.armored, k.path)));
}
