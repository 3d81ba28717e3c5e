/**
 * CONTRACT STUB (to be implemented by the feed/crypto work): the only module that imports
 * openpgp.js. The rest of the code speaks of "seal for these recipients" and "open with this key,
 * expecting this signer", through the opaque types below.
 *
 * Rules: openpgp.js >= 6.1.1; v4 keys and SEIPDv1 only (GnuPG 2.2), no compression, never
 * `aeadProtect`; open() always decrypts with `expectSigned: true` and pinned verification keys.
 */
import type { CryptoCode } from './errors.js';

export type { CryptoCode };

/** A parsed public key (certificate). */
export interface Certificate {
  /** Primary key fingerprint, upper-case hex. */
  readonly fingerprint: string;
  /** Armoured form, as published. */
  readonly armored: string;
}

/** A parsed and unlocked secret key: the publisher's signing key or a partner's decryption key. */
export interface SecretKey {
  readonly fingerprint: string;
  /** The public half. */
  readonly certificate: Certificate;
}

/** Signs and encrypts many messages for one fixed recipient set, reusing one session key. */
export interface Sealer {
  /** Stable id of the recipient set (hash of the sorted recipient fingerprints), for reuse decisions. */
  readonly recipientsId: string;
  seal(plaintext: Uint8Array): Promise<Uint8Array>;
}

export declare function readCertificate(armored: string | Uint8Array, path?: string): Promise<Certificate>;
export declare function readSecretKey(armored: string | Uint8Array, passphrase?: string, path?: string): Promise<SecretKey>;
export declare function createSealer(signer: SecretKey, recipients: Certificate[]): Promise<Sealer>;
export declare function openSealed(
  message: Uint8Array,
  keys: { decryptionKey: SecretKey; publisher: Certificate },
): Promise<Uint8Array>;
export declare function signDetached(data: Uint8Array, signer: SecretKey): Promise<string>;
export declare function verifyDetached(data: Uint8Array, armoredSignature: string, publisher: Certificate): Promise<void>;

/** What `check` needs to know about a key file, without trusting it yet. */
export interface KeyReport {
  fingerprint: string;
  /** OpenPGP key version (4 is the only one GnuPG 2.2 reads). */
  version: number;
  /** True when the file holds secret key material (a leak if it sits in partners/). */
  secret: boolean;
  /** Primary key algorithm, e.g. `eddsaLegacy`, `rsaEncryptSign`, `dsa`. */
  algorithm: string;
  /** Key size in bits for RSA/DSA/ElGamal. */
  bits?: number;
  created: string;
  /** When the key (or its last encryption subkey) expires, if ever. */
  expires?: string;
  revoked: boolean;
  /** Usable as an encryption recipient at `now` by openpgp.js and GnuPG 2.2. */
  canEncrypt: boolean;
  /** Every reason the key is not fit for a feed recipient; empty when it is. */
  problems: { code: 'KEY_SECRET' | 'KEY_EXPIRED' | 'KEY_REVOKED' | 'KEY_WEAK' | 'KEY_UNSUPPORTED' | 'KEY_CANNOT_ENCRYPT'; message: string }[];
}

/** Inspects a key file; throws FeedError KEY_UNREADABLE when it is not an OpenPGP key. */
export declare function inspectKey(armored: string | Uint8Array, now: Date, path?: string): Promise<KeyReport>;
