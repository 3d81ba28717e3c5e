/**
 * How long a key check holds. openpgp.js judges a key at a moment only by where that moment
 * (to the second) falls among the key's own moments: when each key and signature packet was
 * created, when each signature expires, and when the key expires by each self-signature. Between
 * two neighbouring moments every comparison it makes (`created <= date`, `date < expiry`) has the
 * same answer, so a check made at any second of that span is the check at any other second of it.
 *
 * The moments are taken generously: every packet's creation, every signature's expiry, and every
 * key expiry offset counted from every key packet (not only the one it belongs to), embedded
 * signatures included. More moments only make a span shorter, never wrong.
 */
import type { Key } from 'openpgp';

/**
 * Seconds since the epoch, exclusive on both ends: the check holds at every second strictly
 * between. null: no moment on that side (plain JSON, for caches).
 */
export interface KeySpan {
  after: number | null;
  before: number | null;
}

interface SignatureLike {
  created: Date | null;
  signatureExpirationTime?: number | null;
  keyExpirationTime?: number | null;
  embeddedSignature?: SignatureLike | null;
}

/** The span around `at` in which a check of `key` at `at` holds; undefined when `at` is one of its moments. */
export function keySpan(key: Key, at: Date): KeySpan | undefined {
  const now = seconds(at);
  let after = -Infinity;
  let before = Infinity;
  for (const moment of keyMoments(key)) {
    if (moment === now) return undefined;
    if (moment < now && moment > after) after = moment;
    if (moment > now && moment < before) before = moment;
  }
  return { after: Number.isFinite(after) ? after : null, before: Number.isFinite(before) ? before : null };
}

/** Whether a check made in `span` holds at `at`. */
export function spanHolds(span: KeySpan, at: Date): boolean {
  const now = seconds(at);
  return (span.after === null || span.after < now) && (span.before === null || now < span.before);
}

/** Every moment (seconds) at which a judgement of `key` may change. */
export function keyMoments(key: Key): Set<number> {
  const packets = [...key.toPacketList()] as unknown as { created?: Date | null }[];
  const keyCreations = [key, ...key.subkeys].map((component) => seconds(component.keyPacket.created));
  const moments = new Set<number>(keyCreations);
  const addSignature = (signature: SignatureLike) => {
    if (signature.created === null) return;
    const created = seconds(signature.created);
    moments.add(created);
    if (signature.signatureExpirationTime) moments.add(created + signature.signatureExpirationTime);
    if (signature.keyExpirationTime) for (const keyCreated of keyCreations) moments.add(keyCreated + signature.keyExpirationTime);
    if (signature.embeddedSignature) addSignature(signature.embeddedSignature);
  };
  for (const packet of packets) {
    if (isSignature(packet)) addSignature(packet);
    else if (packet.created instanceof Date) moments.add(seconds(packet.created));
  }
  return moments;
}

function isSignature(packet: object): packet is SignatureLike {
  return 'signatureType' in packet && 'created' in packet;
}

function seconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}
