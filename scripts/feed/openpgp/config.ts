/**
 * The one openpgp.js configuration every call passes (the global `openpgp.config` is never
 * mutated). It pins what GnuPG 2.2 can read: v4 keys, SEIPDv1 (no AEAD), no compression.
 */
import { config as defaults, enums, type Config } from 'openpgp';

/** RSA moduli shorter than this (bits) are weak; openpgp.js and inspectKey agree on it. */
export const MIN_RSA_BITS = 2048;

/** Bytes a compressed packet may expand to when reading (32 MiB: above any item the client accepts). */
export const MAX_DECOMPRESSED_BYTES = 32 * 1024 * 1024;

/** A full copy (key methods want a complete Config), taken once so later global changes do not leak in. */
export const PGP_CONFIG: Config = Object.freeze({
  ...defaults,
  aeadProtect: false,
  v6Keys: false,
  preferredCompressionAlgorithm: enums.compression.uncompressed,
  preferredSymmetricAlgorithm: enums.symmetric.aes256,
  minRSABits: MIN_RSA_BITS,
  // Our messages are never compressed (feed-format §5.2); this bounds a compression bomb that
  // anyone could encrypt to a partner, since decompression runs before the signature check.
  maxDecompressedMessageSize: MAX_DECOMPRESSED_BYTES,
});

/**
 * Public-key algorithms of RFC 9580 (X25519, X448, Ed25519, Ed448) that GnuPG 2.2 cannot use.
 * Their legacy twins (`ecdh`/`eddsaLegacy` on curve25519) are fine.
 */
export const UNSUPPORTED_ALGORITHMS: ReadonlySet<number> = new Set([
  enums.publicKey.x25519,
  enums.publicKey.x448,
  enums.publicKey.ed25519,
  enums.publicKey.ed448,
]);

/** DSA and ElGamal: deprecated and rejected by openpgp.js 6 by default. */
export const WEAK_ALGORITHMS: ReadonlySet<number> = new Set([enums.publicKey.dsa, enums.publicKey.elgamal]);
