/**
 * A PKESK (RFC 4880 §5.1, version 3) to a v4 ECDH key on Curve25519 (RFC 6637, the curve GnuPG
 * 2.2 and openpgp.js make encryption subkeys on), by node:crypto: X25519, the KDF and AES key
 * wrap in one synchronous pass. openpgp.js makes the same packet through WebCrypto, a handful of
 * thread-pool jobs each (~0.5 ms a recipient; this ~0.1 ms), after parsing every certificate
 * with its signatures. The layout is the one openpgp.js writes (feed-format §5.3): tests open
 * these headers with openpgp.js and with GnuPG (test/feed/ecdh-pkesk.test.ts).
 *
 * Only what a kept key check names is encrypted to (kept-header.ts, nativeKeptHeader): the key
 * material comes from the key file itself, found by the fingerprint the check recorded.
 */
import { createCipheriv, createHash, createPublicKey, diffieHellman, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { packet } from './packet-write.mjs';

/** An ECDH encryption (sub)key, as its public-key packet holds it (RFC 6637 §9). */
export interface EcdhRecipient {
  /** The v4 fingerprint (20 bytes); its last 8 bytes are the key ID. */
  fingerprint: Uint8Array;
  /** The curve's OID field as in the packet: its length byte, then the OID. */
  oid: Uint8Array;
  /** The public point: 0x40, then the 32-byte X25519 public key. */
  point: Uint8Array;
  /** The KDF parameters' hash and key-wrap cipher (openpgp.js enum values). */
  kdfHash: number;
  kdfCipher: number;
}

/** 1.3.6.1.4.1.3029.1.5.1 (Curve25519, "legacy" in RFC 9580), with its length byte. */
export const CURVE25519_OID = Uint8Array.of(0x0a, 0x2b, 0x06, 0x01, 0x04, 0x01, 0x97, 0x55, 0x01, 0x05, 0x01);
const ECDH = 18;
const TAG_PKESK = 1;
/**
 * The KDF parameters GnuPG and openpgp.js give every Curve25519 key (RFC 9580 §9.2 requires no
 * less): SHA-256 and AES-128 key wrap (openpgp.js enum values). A key with others is left to
 * openpgp.js, so that only what the tests open in both is made here.
 */
const KDF_SHA256 = 8;
const WRAP_AES128 = 7;
/** RFC 3394's default initial value. */
const KEY_WRAP_IV = Buffer.from('a6a6a6a6a6a6a6a6', 'hex');
const ANONYMOUS_SENDER = Buffer.from('Anonymous Sender    ', 'latin1');

/** Whether ecdhPkesk can encrypt to this key (else openpgp.js must). */
export function isNativeRecipient(recipient: EcdhRecipient): boolean {
  return Buffer.from(recipient.oid).equals(CURVE25519_OID) && recipient.point.length === 33 && recipient.point[0] === 0x40
    && recipient.fingerprint.length === 20 && recipient.kdfHash === KDF_SHA256 && recipient.kdfCipher === WRAP_AES128;
}

/** The PKESK packet (header included) giving `recipient` the session key `data` of cipher `algorithm`. */
export function ecdhPkesk(recipient: EcdhRecipient, algorithm: number, data: Uint8Array): Uint8Array {
  if (!isNativeRecipient(recipient)) throw new Error('ecdhPkesk: not a v4 Curve25519 ECDH key with SHA-256 and AES-128 KDF parameters');
  const ephemeral = generateKeyPairSync('x25519');
  const shared = diffieHellman({ privateKey: ephemeral.privateKey, publicKey: x25519PublicKey(recipient.point.subarray(1)) });
  // RFC 6637 §8: the KDF's "Param", then §7: KEK = Hash(00 00 00 01 || Z || Param), truncated.
  const param = Buffer.concat([recipient.oid, Uint8Array.of(ECDH, 3, 1, recipient.kdfHash, recipient.kdfCipher), ANONYMOUS_SENDER, recipient.fingerprint]);
  const kek = createHash('sha256').update(Uint8Array.of(0, 0, 0, 1)).update(shared).update(param).digest().subarray(0, 16);
  const wrapping = createCipheriv('id-aes128-wrap', kek, KEY_WRAP_IV);
  const wrapped = Buffer.concat([wrapping.update(sessionKeyBlock(algorithm, data)), wrapping.final()]);
  const point = Buffer.concat([Uint8Array.of(0x40), rawX25519(ephemeral.publicKey)]);
  return packet(TAG_PKESK,
    Uint8Array.of(3), recipient.fingerprint.subarray(12), Uint8Array.of(ECDH),
    Uint8Array.of(0x01, 0x07), point, // an MPI of 263 bits: the 0x40 prefix's 7, then 32 bytes
    Uint8Array.of(wrapped.length), wrapped);
}

/** RFC 4880 §5.1: cipher octet, key, two-octet checksum; then RFC 6637 §8's PKCS #5 padding to 8 octets. */
function sessionKeyBlock(algorithm: number, data: Uint8Array): Buffer {
  let sum = 0;
  for (const byte of data) sum = (sum + byte) & 0xffff;
  const block = Buffer.concat([Uint8Array.of(algorithm), data, Uint8Array.of(sum >> 8, sum & 0xff)]);
  const pad = 8 - (block.length % 8);
  return Buffer.concat([block, Buffer.alloc(pad, pad)]);
}

// As JWKs (RFC 8037): OpenSSL 3 decodes and encodes DER keys ~3x slower (~240 against ~80 us
// for a PKESK's key agreement here).
function x25519PublicKey(raw: Uint8Array): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: Buffer.from(raw).toString('base64url') }, format: 'jwk' });
}

function rawX25519(key: KeyObject): Buffer {
  return Buffer.from(key.export({ format: 'jwk' }).x as string, 'base64url');
}
