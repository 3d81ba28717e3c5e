import type { Config, Message, PrivateKey } from 'openpgp';

/** A key that signs through node:crypto (opaque). */
export interface NativeSigner {
  readonly hashAlgorithm: number;
}

export function signInline(privateKey: PrivateKey, plaintext: Uint8Array, date: Date, config: Config): Promise<Message<Uint8Array>>;
export function signDetachedArmored(privateKey: PrivateKey, data: Uint8Array, date: Date, config: Config): Promise<string>;
/** Whether `privateKey` signs natively at `date` (its signer), or through openpgp.js (undefined). For tests. */
export function signerAt(privateKey: PrivateKey, date: Date, config: Config): Promise<NativeSigner | undefined>;
