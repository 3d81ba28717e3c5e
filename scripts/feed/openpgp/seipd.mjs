// How a signed message is encrypted under a group's session key (feed-format §5.3): its SEIPDv1
// packet (RFC 4880 §5.13) made by node:crypto. openpgp.js makes the same packet through its stream
// machinery, ~0.1-0.17 ms for a ~5 KB item against ~0.035 ms here, and a cold build at 10,000
// advisories encrypts 90,000 items. The packet is laid out as openpgp.js's encrypt() lays it out
// (SymEncryptedIntegrityProtectedDataPacket, version 1): the version byte, then AES in CFB mode
// with a zero IV over a random block whose last two bytes are repeated, the message's packets as
// written, and a modification detection code packet (tag 19) holding the SHA-1 of all before it.
//
// Plain JavaScript: the seal workers import it. Used only where openpgp.js's encrypt() would make
// exactly this: an AES session key and a config with neither compression nor AEAD (PGP_CONFIG);
// anything else, and a message read from a stream, is encrypted by openpgp.js.
// test/feed/openpgp-seipd.test.ts compares the packets with openpgp.js's and decrypts with gpg.
import { createCipheriv, createHash } from 'node:crypto';
import { encrypt, enums } from 'openpgp';
import { packet } from './packet-write.mjs';
import { randomFromPool } from './random-pool.mjs';

/** Session key algorithms (openpgp.js names) and the node:crypto cipher of each in CFB mode. */
const CFB_CIPHERS = new Map([['aes128', 'aes-128-cfb'], ['aes192', 'aes-192-cfb'], ['aes256', 'aes-256-cfb']]);
const AES_BLOCK = 16;
/**
 * Bytes encrypted at a time: node:crypto returns each update's ciphertext in a new buffer, and
 * on this project's VM a large one costs its pages' first touch (~20 us a page); 16 KB buffers
 * come from memory already in use (seal-text.mjs).
 */
const SLICE = 1 << 14;
const SEIPD_VERSION = Uint8Array.of(1);
/** The modification detection code packet's header: tag 19 (new format), 20 bytes of SHA-1. */
const MDC_HEADER = Uint8Array.of(0xc0 | enums.packet.modificationDetectionCode, 20);
/** Each message's packets as written, once however many groups it is sealed for. */
const written = new WeakMap();

/**
 * The SEIPDv1 packet of `message` (signed, not encrypted) under `sessionKey`, as
 * `encrypt({ message, sessionKey, format: 'binary', config })` writes it without recipients.
 */
export async function encryptSigned(message, sessionKey, config) {
  const cipher = cfbCipherFor(sessionKey, config);
  const packets = cipher === undefined ? undefined : packetsOf(message);
  if (packets === undefined) return encrypt({ message, sessionKey, format: 'binary', config });
  const encrypted = [];
  const body = startSeipdBody(sessionKey, cipher, (bytes) => encrypted.push(bytes));
  body.write(packets);
  body.finish();
  return packet(enums.packet.symEncryptedIntegrityProtectedData, SEIPD_VERSION, ...encrypted);
}

/**
 * The node:crypto cipher that encrypts under `sessionKey` as openpgp.js would with `config`, or
 * undefined where openpgp.js must (another cipher, compression or AEAD).
 */
export function cfbCipherFor(sessionKey, config) {
  if (config.aeadProtect || config.preferredCompressionAlgorithm !== enums.compression.uncompressed) return undefined;
  return CFB_CIPHERS.get(sessionKey.algorithm);
}

/**
 * The encrypted part of a SEIPDv1 packet (all of its body after the version byte), made as its
 * plaintext comes: `write` each piece of the signed message's packets in order, then `finish`
 * adds the modification detection code. Each piece's ciphertext goes to `output` as it is made
 * (AES-CFB keeps lengths), so a large message is never held twice (seal-text.mjs).
 */
export function startSeipdBody(sessionKey, cipher, output) {
  const prefix = randomFromPool(AES_BLOCK + 2);
  prefix[AES_BLOCK] = prefix[AES_BLOCK - 2];
  prefix[AES_BLOCK + 1] = prefix[AES_BLOCK - 1];
  const mdc = createHash('sha1');
  const encryptor = createCipheriv(cipher, sessionKey.data, Buffer.alloc(AES_BLOCK));
  const write = (bytes) => {
    for (let at = 0; at < bytes.length; at += SLICE) {
      const slice = bytes.subarray(at, at + SLICE);
      mdc.update(slice);
      output(encryptor.update(slice));
    }
  };
  write(prefix);
  return {
    write,
    finish() {
      write(MDC_HEADER);
      output(encryptor.update(mdc.digest()));
      output(encryptor.final());
    },
  };
}

/** Bytes a SEIPDv1 packet's body adds to the packets it encrypts: version, prefix, MDC packet. */
export const SEIPD_OVERHEAD = 1 + AES_BLOCK + 2 + MDC_HEADER.length + 20;
export { SEIPD_VERSION };

function packetsOf(message) {
  let packets = written.get(message);
  if (packets === undefined) {
    const bytes = message.packets.write();
    if (!(bytes instanceof Uint8Array)) return undefined; // a streamed message
    written.set(message, (packets = bytes));
  }
  return packets;
}
