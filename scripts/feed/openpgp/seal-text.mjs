// How large files are sealed (feed-format §5.2): the build state, whose text comes in pieces
// (~110,000 of them and ~16 MB at 10,000 advisories, ~80 MB at 50,000), and the group indexes
// (~2 MB each), signed and encrypted in one pass by node:crypto into one buffer, in the packets
// sealMessage writes for every other file: one-pass signature, literal data and signature
// packets inside a SEIPDv1 packet, all with definite lengths. openpgp.js streamed the state in
// partial-length packets at ~2x the time and joined its chunks into a second copy; an index went
// through its packet objects, each copying the bytes.
//
// Text is encoded 16 K code units at a time, and bytes encrypted 16 KB at a time (seipd.mjs):
// on this project's VM the first touch of a page of fresh memory costs ~20 us, and a piece of
// ~1 MB encoded or encrypted whole took a fresh buffer each time (docs/performance-log.md,
// round 24).
//
// Used only where sign.mjs signs natively and seipd.mjs encrypts natively; the Sealer hands
// anything else to openpgp.js. test/feed/openpgp-seal-text.test.ts compares the packets with
// those signInline and encryptSigned make of the joined text, and gpg reads the result
// (test/feed/gpg-interop.test.ts).
import { enums } from 'openpgp';
import { length, uint32 } from './packet-write.mjs';
import { cfbCipherFor, SEIPD_OVERHEAD, SEIPD_VERSION, startSeipdBody } from './seipd.mjs';
import { dataHash, onePassSignaturePacket, signaturePacket, signaturePacketMaxLength, signerAt } from './sign.mjs';

/**
 * From this many bytes on (below it the Sealer seals through openpgp.js, seal.ts): a SEIPD
 * packet this large always has a five-octet length (RFC 4880 §4.2.2.3), so its header can be
 * written after its body, whose exact length the signature's MPIs decide.
 */
export const SEAL_TEXT_MIN_BYTES = 1 << 16;
/** UTF-16 code units of text encoded, hashed and encrypted at a time. */
const CHUNK = 1 << 14;

/**
 * `header` (the recipient PKESKs) and the SEIPDv1 packet of `pieces` (an array of strings and
 * bytes, read twice: their length first; joined, text encoded as UTF-8) signed by `privateKey`
 * at `date` and encrypted under `sessionKey`; undefined when they make under SEAL_TEXT_MIN_BYTES,
 * the key does not sign natively, or the session key or config needs openpgp.js. `onPlaintext`,
 * if given, sees the plaintext's bytes in order as they are sealed (to hash them on the way).
 */
export async function sealTextNatively(pieces, { privateKey, sessionKey, header, date, config, onPlaintext }) {
  let size = 0;
  for (const piece of pieces) size += Buffer.byteLength(piece, 'utf8');
  if (size < SEAL_TEXT_MIN_BYTES) return undefined;
  const cipher = cfbCipherFor(sessionKey, config);
  if (cipher === undefined) return undefined;
  const signer = await signerAt(privateKey, date, config);
  if (signer === undefined) return undefined;

  const onePass = onePassSignaturePacket(signer);
  const literalHead = Buffer.concat([Uint8Array.of(0xc0 | enums.packet.literalData), length(6 + size), Uint8Array.of(enums.literal.binary, 0), uint32(Math.floor(date.getTime() / 1000))]);
  const most = SEIPD_OVERHEAD + onePass.length + literalHead.length + size + signaturePacketMaxLength(signer);
  const out = Buffer.allocUnsafe(header.length + 6 + most);
  out.set(header, 0);
  const bodyAt = header.length + 6; // the tag, then a five-octet length
  out[bodyAt] = SEIPD_VERSION[0];
  let at = bodyAt + 1;
  const body = startSeipdBody(sessionKey, cipher, (encrypted) => {
    out.set(encrypted, at);
    at += encrypted.length;
  });
  body.write(onePass);
  body.write(literalHead);
  const hash = dataHash(signer);
  let written = 0;
  const take = (bytes) => {
    hash.update(bytes);
    onPlaintext?.(bytes);
    body.write(bytes);
    written += bytes.length;
  };
  const encode = (text) => {
    if (text !== '') take(Buffer.from(text, 'utf8'));
  };
  // Small pieces are joined up to CHUNK, large ones cut into CHUNKs: `pending` is always short,
  // so no string is ever flattened whole.
  let pending = '';
  for (const piece of pieces) {
    if (typeof piece !== 'string') {
      encode(pending);
      pending = '';
      take(piece);
    } else if (pending.length + piece.length < CHUNK) {
      pending += piece;
    } else {
      let done = cut(piece, 0, CHUNK - pending.length);
      encode(pending + piece.slice(0, done));
      while (piece.length - done >= CHUNK) {
        const end = cut(piece, done, CHUNK);
        encode(piece.slice(done, end));
        done = end;
      }
      pending = piece.slice(done);
    }
  }
  encode(pending);
  if (written !== size) throw new Error(`seal-text: expected ${size} bytes of text, got ${written}`);
  body.write(signaturePacket(signer, hash, date));
  body.finish();
  out[header.length] = 0xc0 | enums.packet.symEncryptedIntegrityProtectedData;
  out.set(length(at - bodyAt), header.length + 1); // five octets: the body is over SEAL_TEXT_MIN_BYTES
  // A Uint8Array, as Sealer.seal returns: a Buffer's slice() is a view, where callers expect a copy.
  return new Uint8Array(out.buffer, out.byteOffset, at);
}

/**
 * Where a slice of `text` from `from` of at most `most` code units ends, so that it never ends
 * between the two halves of a surrogate pair (each half alone would be encoded as U+FFFD).
 */
function cut(text, from, most) {
  const end = Math.min(from + most, text.length);
  const last = text.charCodeAt(end - 1);
  return end < text.length && last >= 0xd800 && last <= 0xdbff ? end - 1 : end;
}
