// How the publisher signs (feed-format §5.2, §5.4): Ed25519 signatures made by node:crypto, in the
// packets openpgp.js would write. openpgp.js signs EdDSA through WebCrypto, importing the key as a
// JWK for each signature and waiting on the libuv pool twice: ~0.3-0.45 ms a signature against
// ~0.05 ms for node:crypto's one-shot sign, and a build signs each view and each public file
// (~40,000 at 10,000 advisories). Only the signature is made here; openpgp.js still reads the keys,
// checks them at the signing date (getSigningKey, once per second of it) and encrypts.
//
// Plain JavaScript, like seal-worker.mjs, which imports it. A key is used natively only if it is a
// v4 EdDSA (legacy) key on Ed25519 with a SHA-2 hash, and only after a probe signature made here
// verifies in openpgp.js; any other key signs through openpgp.js, with the same results.
// test/feed/openpgp-sign.test.ts compares the bytes with openpgp.js's and verifies with gpg.
import { createHash, createPrivateKey, createPublicKey, sign as edSign } from 'node:crypto';
import { armor, createMessage, enums, LiteralDataPacket, Message, OnePassSignaturePacket, PacketList, readSignature, sign, verify } from 'openpgp';
import { length, packet, uint16, uint32 } from './packet-write.mjs';
import { randomFromPool } from './random-pool.mjs';

/** openpgp.js's notation for the random salt it adds to v4 signatures (nonDeterministicSignaturesViaNotation). */
const SALT_NOTATION = Buffer.from('salt@notations.openpgpjs.org');
/** RFC 4880 §9.4 hash ids that node:crypto computes, with the salt length openpgp.js uses for each. */
const HASHES = new Map([
  [enums.hash.sha256, { name: 'sha256', saltLength: 16 }],
  [enums.hash.sha384, { name: 'sha384', saltLength: 24 }],
  [enums.hash.sha512, { name: 'sha512', saltLength: 32 }],
]);
const BINARY_DOCUMENT = enums.signature.binary;

/**
 * `plaintext` signed inline by `privateKey` at `date` (one-pass signature, literal data and
 * signature packets, as `gpg --sign` writes them), as an openpgp.js message ready to encrypt.
 */
export async function signInline(privateKey, plaintext, date, config) {
  const signer = await signerAt(privateKey, date, config);
  if (signer === undefined) {
    const message = await createMessage({ binary: plaintext, format: 'binary', date });
    return sign({ message, signingKeys: privateKey, date, format: 'object', config });
  }
  // The packets openpgp.js's Message.sign puts together, around our signature packet.
  const literal = new LiteralDataPacket(date);
  literal.setBytes(plaintext, enums.literal.binary);
  const [signature] = (await readSignature({ binarySignature: detachedSignature(signer, plaintext, date), config })).packets;
  const packets = new PacketList();
  packets.push(OnePassSignaturePacket.fromSignaturePacket(signature, true), literal, signature);
  return new Message(packets);
}

/** An armoured detached binary-document signature of `data` by `privateKey` at `date`. */
export async function signDetachedArmored(privateKey, data, date, config) {
  const signer = await signerAt(privateKey, date, config);
  if (signer === undefined) {
    const message = await createMessage({ binary: data, format: 'binary', date });
    return sign({ message, signingKeys: privateKey, detached: true, format: 'armored', date, config });
  }
  return armor(enums.armor.signature, detachedSignature(signer, data, date), undefined, undefined, undefined, true, config);
}

/** The native signer for the key that signs at `date` (openpgp.js's choice, and its validity check). */
export async function signerAt(privateKey, date, config) {
  return nativeSignerOf(privateKey, await signingKeyAt(privateKey, date, config), date, config);
}

/** The last validity check of each private key: its second, config and answer (a promise). */
const lastChecks = new WeakMap();

/**
 * openpgp.js's getSigningKey at `date`, asked once per second. openpgp.js judges a key at whole
 * seconds (util.normalizeDate: a signature's creation time has no finer unit) and verifies each
 * self-signature once, so the same key, config and second always get the same answer, and the
 * signatures made within one second share one check. A seal worker signs thousands a second, and
 * checking before each took ~1 s of each worker's ~17 s in a cold build at 10,000 advisories.
 */
function signingKeyAt(privateKey, date, config) {
  const second = Math.floor(date.getTime() / 1000);
  const last = lastChecks.get(privateKey);
  if (last !== undefined && last.second === second && last.config === config) return last.signingKey;
  const signingKey = privateKey.getSigningKey(undefined, date, undefined, config);
  lastChecks.set(privateKey, { second, config, signingKey });
  return signingKey;
}

/** Native signers by openpgp.js key packet and config; undefined when the key signs through openpgp.js. */
const signers = new WeakMap();

/**
 * The native signer for `signingKey` (a key packet of `privateKey`) with `config`, made and probed
 * once, at the first `date` it signs at. If making it fails, openpgp.js signs (and reports).
 */
function nativeSignerOf(privateKey, signingKey, date, config) {
  const packet = signingKey.keyPacket;
  let byConfig = signers.get(packet);
  if (byConfig === undefined) signers.set(packet, (byConfig = new WeakMap()));
  let signer = byConfig.get(config);
  if (signer === undefined) {
    signer = makeSigner(privateKey, packet, date, config).catch(() => undefined);
    byConfig.set(config, signer);
  }
  return signer;
}

async function makeSigner(privateKey, packet, date, config) {
  if (packet.version !== 4 || packet.algorithm !== enums.publicKey.eddsaLegacy || !packet.isDecrypted()) return undefined;
  if (packet.publicParams.oid.getName() !== enums.curve.ed25519Legacy) return undefined;
  // The hash openpgp.js would pick for this key (its preferences and config), from one probe.
  const probe = Buffer.from('advisory-feed native signer probe');
  const message = await createMessage({ binary: probe, format: 'binary', date });
  const theirs = await readSignature({ binarySignature: await sign({ message, signingKeys: privateKey, detached: true, format: 'binary', date, config }), config });
  const hash = HASHES.get(theirs.packets[0]?.hashAlgorithm);
  if (hash === undefined) return undefined;
  const publicPoint = packet.publicParams.Q.subarray(1); // 0x40 || the 32-byte point
  const key = createPrivateKey({ format: 'jwk', key: { kty: 'OKP', crv: 'Ed25519', d: base64url(packet.privateParams.seed), x: base64url(publicPoint) } });
  if (createPublicKey(key).export({ format: 'jwk' }).x !== base64url(publicPoint)) return undefined;
  const signer = {
    keyID: packet.getKeyID().write(),
    fingerprint: packet.getFingerprintBytes(),
    hashAlgorithm: theirs.packets[0].hashAlgorithm,
    hash,
    key,
    salted: config.nonDeterministicSignaturesViaNotation === true,
  };
  const ours = await readSignature({ binarySignature: detachedSignature(signer, probe, date), config });
  const checked = await verify({ message, signature: ours, verificationKeys: privateKey.toPublic(), date, config });
  const verified = await checked.signatures[0]?.verified.catch(() => false);
  if (verified !== true) return undefined;
  return Object.freeze(signer);
}

/** A v4 binary-document signature packet over `data` (RFC 4880 §5.2.3), as openpgp.js lays it out. */
function detachedSignature(signer, data, date) {
  return signaturePacket(signer, dataHash(signer).update(data), date);
}

/** The hash a signature by `signer` is made over: feed it the signed data, then signaturePacket. */
export function dataHash(signer) {
  return createHash(signer.hash.name);
}

/**
 * The signature packet over the data fed to `hash` (dataHash), at `date`: detachedSignature for
 * data that comes in pieces (seal-text.mjs). `hash` is used up.
 */
export function signaturePacket(signer, hash, date) {
  const head = signatureHead(signer, date);
  const digest = hash.update(head).update(Uint8Array.of(4, 0xff)).update(uint32(head.length)).digest();
  const signature = edSign(null, digest, signer.key);
  const body = Buffer.concat([head, uint16(0), digest.subarray(0, 2), mpi(signature.subarray(0, 32)), mpi(signature.subarray(32))]);
  return packet(enums.packet.signature, body);
}

/** The most bytes signaturePacket takes for `signer` (each Ed25519 MPI at its full 32 bytes). */
export function signaturePacketMaxLength(signer) {
  const body = signatureHead(signer, new Date(0)).length + 2 + 2 + 2 * (2 + 32);
  return 1 + length(body).length + body;
}

/**
 * The one-pass signature packet before data that `signer` signs (RFC 4880 §5.4), as openpgp.js's
 * OnePassSignaturePacket.fromSignaturePacket(signature, true) writes it: it holds nothing of the
 * signature itself, so it can be written before the data is hashed.
 */
export function onePassSignaturePacket(signer) {
  return packet(enums.packet.onePassSignature, Uint8Array.of(3, BINARY_DOCUMENT, signer.hashAlgorithm, enums.publicKey.eddsaLegacy), signer.keyID, Uint8Array.of(1));
}

/** The signature packet's fields up to its hashed subpackets: version 4, type, algorithms, subpackets. */
function signatureHead(signer, date) {
  const hashed = Buffer.concat([
    subpacket(enums.signatureSubpacket.signatureCreationTime, uint32(seconds(date)), true),
    subpacket(enums.signatureSubpacket.issuerKeyID, signer.keyID),
    ...(signer.salted ? [subpacket(enums.signatureSubpacket.notationData, saltNotation(signer.hash.saltLength))] : []),
    subpacket(enums.signatureSubpacket.issuerFingerprint, Buffer.concat([Uint8Array.of(4), signer.fingerprint])),
  ]);
  return Buffer.concat([Uint8Array.of(4, BINARY_DOCUMENT, enums.publicKey.eddsaLegacy, signer.hashAlgorithm), uint16(hashed.length), hashed]);
}

function saltNotation(length) {
  return Buffer.concat([Uint8Array.of(0, 0, 0, 0), uint16(SALT_NOTATION.length), uint16(length), SALT_NOTATION, randomFromPool(length)]);
}

function subpacket(type, data, critical = false) {
  return Buffer.concat([length(data.length + 1), Uint8Array.of(critical ? type | 0x80 : type), data]);
}

/** A multiprecision integer (RFC 4880 §3.2): bit count, then the bytes without leading zeros. */
function mpi(bytes) {
  let start = 0;
  while (start < bytes.length && bytes[start] === 0) start += 1;
  if (start === bytes.length) throw new Error('native signer: zero MPI');
  const bits = (bytes.length - start - 1) * 8 + (32 - Math.clz32(bytes[start]));
  return Buffer.concat([uint16(bits), bytes.subarray(start)]);
}

function seconds(date) {
  return Math.floor(date.getTime() / 1000);
}

function base64url(bytes) {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');
}
