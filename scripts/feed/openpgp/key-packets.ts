/**
 * The ECDH encryption keys of a key file, read from its packets without openpgp.js's key parser:
 * dearmoured (openpgp.js `unarmor`), framed (packet-framing.ts), and each
 * v4 public (sub)key packet named by its fingerprint, SHA-1 over the packet as RFC 4880 §12.2
 * defines it. No signature is read or checked here: this is for keys whose kept check (made with
 * every signature verified) names the fingerprints to encrypt to, and a fingerprint binds the
 * material it is computed over (kept-header.ts, nativeKeptHeader).
 */
import { createHash } from 'node:crypto';
import { unarmor } from 'openpgp';
import type { EcdhRecipient } from './ecdh-pkesk.js';
import { packetBody, packetLayout } from './packet-framing.js';

const TAG_PUBLIC_KEY = 6;
const TAG_PUBLIC_SUBKEY = 14;
const ECDH = 18;

/** Upper-case fingerprint -> the v4 ECDH (sub)key it names, for every such key in `armored`. */
export async function ecdhKeysOf(armored: string): Promise<Map<string, EcdhRecipient>> {
  const { data } = await unarmor(armored);
  const bytes = data as Uint8Array;
  const layout = packetLayout(bytes);
  const keys = new Map<string, EcdhRecipient>();
  if ('problem' in layout) return keys;
  layout.tags.forEach((tag, i) => {
    if (tag !== TAG_PUBLIC_KEY && tag !== TAG_PUBLIC_SUBKEY) return;
    const body = packetBody(bytes, layout.starts[i] as number, layout.starts[i + 1] ?? bytes.length);
    const key = body === undefined ? undefined : ecdhKeyOf(body);
    if (key !== undefined) keys.set(Buffer.from(key.fingerprint).toString('hex').toUpperCase(), key);
  });
  return keys;
}

/** A v4 ECDH key packet's fields (RFC 4880 §5.5.2, RFC 6637 §9), or undefined for any other. */
export function ecdhKeyOf(body: Uint8Array): EcdhRecipient | undefined {
  if (body.length < 8 || body[0] !== 4 || body[5] !== ECDH) return undefined;
  let at = 6;
  const oidBytes = body[at] as number;
  const oid = body.subarray(at, at + 1 + oidBytes);
  at += 1 + oidBytes;
  if (at + 2 > body.length) return undefined;
  const bits = ((body[at] as number) << 8) | (body[at + 1] as number);
  const point = body.subarray(at + 2, at + 2 + Math.ceil(bits / 8));
  at += 2 + point.length;
  // KDF parameters: length 3, reserved 1, hash, cipher; nothing after them.
  if (at + 4 !== body.length || body[at] !== 3 || body[at + 1] !== 1) return undefined;
  const header = Uint8Array.of(0x99, body.length >> 8, body.length & 0xff);
  const fingerprint = createHash('sha1').update(header).update(body).digest();
  return { fingerprint, oid, point, kdfHash: body[at + 2] as number, kdfCipher: body[at + 3] as number };
}
