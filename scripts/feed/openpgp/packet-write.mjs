// OpenPGP packet framing as the publisher's hand-made packets need it (sign.mjs, seipd.mjs), laid
// out as openpgp.js writes its own: new-format headers with definite lengths (RFC 4880 §4.2.2).
// Plain JavaScript: the seal workers import it.

/** A new-format packet (RFC 4880 §4.2.2) whose body is `parts`, in order. */
export function packet(tag, ...parts) {
  const size = parts.reduce((n, part) => n + part.length, 0);
  return Buffer.concat([Uint8Array.of(0xc0 | tag), length(size), ...parts]);
}

/** A new-format length, which subpackets share (RFC 4880 §4.2.2, §5.2.3.1). */
export function length(n) {
  if (n < 192) return Uint8Array.of(n);
  if (n < 8384) return Uint8Array.of(((n - 192) >> 8) + 192, (n - 192) & 0xff);
  return Buffer.concat([Uint8Array.of(0xff), uint32(n)]);
}

export function uint16(n) {
  return Uint8Array.of((n >> 8) & 0xff, n & 0xff);
}

export function uint32(n) {
  return Uint8Array.of((n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
}
