import type { Config, PrivateKey } from 'openpgp';

export const SEAL_TEXT_MIN_BYTES: number;

/**
 * `header` and the SEIPDv1 packet of the joined `pieces` (text, encoded as UTF-8, or bytes), signed at `date` and encrypted under
 * `sessionKey` by node:crypto (seal-text.mjs); undefined where openpgp.js must seal them.
 */
export function sealTextNatively(pieces: readonly (string | Uint8Array)[], options: {
  privateKey: PrivateKey;
  sessionKey: { data: Uint8Array; algorithm: string };
  header: Uint8Array;
  date: Date;
  config: Config;
  /** Sees the plaintext's bytes, in order, as they are sealed. */
  onPlaintext?: (bytes: Uint8Array) => void;
}): Promise<Uint8Array | undefined>;
