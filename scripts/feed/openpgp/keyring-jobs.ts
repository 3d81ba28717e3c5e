/**
 * What a keyring (keyring.ts) answers about partner keys, as plain data, whichever thread runs it:
 * the build's own, or the keyring's worker (keyring-worker.mjs), which imports this very module.
 */
import type { Certificate } from './types.js';
import { readCertificate } from './read-keys.js';
import { recipientsIdOf, recipientTargets } from './recipients.js';
import { makeRecipientHeader, type RecipientHeader } from './seal.js';

export { inspectKey } from './inspect-key.js';

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

/** The recipient set createSealer would give these certificates at `date` (NO_RECIPIENTS, KEY_UNUSABLE). */
export async function recipientSetOf(keys: readonly KeyFile[], date: Date): Promise<RecipientSet> {
  const recipientKeys = (await recipientTargets(await certificatesOf(keys), date)).map((t) => t.fingerprint);
  return { recipientsId: recipientsIdOf(recipientKeys), recipientKeys };
}

/** A fresh session key and its PKESKs for these certificates at `date` (makeRecipientHeader). */
export async function recipientHeaderOf(keys: readonly KeyFile[], date: Date): Promise<RecipientHeader> {
  return makeRecipientHeader(await certificatesOf(keys), date);
}

/** Parsed once per process and text (handles.ts), so the signature checks of one answer serve the next. */
export function certificatesOf(keys: readonly KeyFile[]): Promise<Certificate[]> {
  return Promise.all(keys.map((k) => readCertificate(k.armored, k.path)));
}
