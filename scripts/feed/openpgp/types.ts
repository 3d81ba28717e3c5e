/**
 * The opaque types the rest of the code speaks in: "seal for these recipients", "open with this
 * key, expecting this signer". openpgp.js objects stay behind them (see handles.ts).
 */
import type { CryptoCode } from '../errors.js';
import type { SignedPayload } from './signed-payload.js';

export type { CryptoCode, SignedPayload };

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
  /** Upper-case fingerprints of every encryption (sub)key that gets a PKESK, sorted. */
  readonly recipientKeys: readonly string[];
  /** Signs `plaintext` with the sealer's signer and encrypts it: header + SEIPDv1 packet. */
  seal(plaintext: Uint8Array): Promise<Uint8Array>;
  /** Encrypts a payload already signed (by the same signer) with `signPayload`; for one view shared by many groups. */
  sealSigned(payload: SignedPayload): Promise<Uint8Array>;
  /**
   * `seal` for a plaintext of UTF-8 text given in pieces, which are never joined: it is signed and
   * encrypted as a stream (packets with partial body lengths, which every OpenPGP reader takes),
   * so memory holds the pieces and the sealed bytes, not a joined copy and openpgp.js's working
   * copies of the whole. For the build state (80 MB at 50,000 advisories: ~560 -> ~220 MiB more
   * memory while it is sealed, measured).
   */
  sealPieces(pieces: Iterable<string>, options?: SealPiecesOptions): Promise<Uint8Array>;
}

export interface SealPiecesOptions {
  /**
   * Sees the plaintext's bytes (the pieces encoded as UTF-8), in order, as they are sealed: the
   * build hashes its state this way instead of encoding it a second time.
   */
  onPlaintext?: (bytes: Uint8Array) => void;
}

/** Options shared by the operations that depend on the time. */
export interface TimeOptions {
  /**
   * Key validity is judged, and signatures are dated, at this time. Defaults to the real clock;
   * leave it unset unless you mean it (a signature dated in the future upsets verifiers).
   */
  date?: Date;
}

/** The problems `inspectKey` can report. */
export type KeyProblemCode =
  | 'KEY_SECRET'
  | 'KEY_EXPIRED'
  | 'KEY_REVOKED'
  | 'KEY_WEAK'
  | 'KEY_UNSUPPORTED'
  | 'KEY_CANNOT_ENCRYPT';

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
  problems: { code: KeyProblemCode; message: string }[];
}
