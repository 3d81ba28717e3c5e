/**
 * Reads only the packet framing of a binary OpenPGP message (RFC 4880 §4.2): the tag and length
 * of each top-level packet, never its contents. openpgp.js silently ignores bytes after the last
 * packet when they do not form a complete header, so a sealed file could be altered (grown)
 * without being refused; walking the framing ourselves lets openSealed require that every byte
 * belongs to the expected packets (feed-format §5.2).
 */

/** Packet tags of a sealed feed file: PKESK (1) ... then one SEIPD (18). */
export const TAG_PKESK = 1;
export const TAG_SEIPD = 18;

/** The top-level packet tags of `bytes`, or a reason the framing is not exact. */
export function packetTags(bytes: Uint8Array): { tags: number[] } | { problem: string } {
  const layout = packetLayout(bytes);
  return 'problem' in layout ? layout : { tags: layout.tags };
}

/** packetTags, plus the byte offset where each packet starts. */
export function packetLayout(bytes: Uint8Array): { tags: number[]; starts: number[] } | { problem: string } {
  const tags: number[] = [];
  const starts: number[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    starts.push(offset);
    const first = bytes[offset] as number;
    if ((first & 0x80) === 0) return { problem: `byte ${offset} is not a packet header` };
    offset++;
    if ((first & 0x40) !== 0) {
      tags.push(first & 0x3f);
      // New format: one or more length headers; partial lengths (224..254) continue the body.
      for (;;) {
        const length = readNewLength(bytes, offset);
        if (length === undefined) return { problem: `packet at byte ${offset - 1} has a truncated length` };
        offset += length.headerBytes + length.bodyBytes;
        if (!length.partial) break;
      }
    } else {
      tags.push((first >> 2) & 0x0f);
      const type = first & 0x03;
      if (type === 3) return { problem: 'indeterminate-length packets are not used in feed files' };
      const size = [1, 2, 4][type] as number;
      if (offset + size > bytes.length) return { problem: `packet at byte ${offset - 1} has a truncated length` };
      let body = 0;
      for (let i = 0; i < size; i++) body = body * 256 + (bytes[offset + i] as number);
      offset += size + body;
    }
    if (offset > bytes.length) return { problem: 'the last packet runs past the end of the file' };
  }
  return { tags, starts };
}

/**
 * The body of the packet that packetLayout found from `start` to `end` (the next packet's start,
 * or the end of `bytes`), or undefined for a partial-length packet, whose body is split by
 * further length headers.
 */
export function packetBody(bytes: Uint8Array, start: number, end: number): Uint8Array | undefined {
  const first = bytes[start] as number;
  let header: number;
  if ((first & 0x40) === 0) {
    header = 1 + ([1, 2, 4][first & 0x03] as number);
  } else {
    const length = readNewLength(bytes, start + 1);
    if (length === undefined || length.partial) return undefined;
    header = 1 + length.headerBytes;
  }
  return start + header <= end ? bytes.subarray(start + header, end) : undefined;
}

function readNewLength(bytes: Uint8Array, at: number): { headerBytes: number; bodyBytes: number; partial: boolean } | undefined {
  const b0 = bytes[at];
  if (b0 === undefined) return undefined;
  if (b0 < 192) return { headerBytes: 1, bodyBytes: b0, partial: false };
  if (b0 < 224) {
    const b1 = bytes[at + 1];
    return b1 === undefined ? undefined : { headerBytes: 2, bodyBytes: ((b0 - 192) << 8) + b1 + 192, partial: false };
  }
  if (b0 < 255) return { headerBytes: 1, bodyBytes: 1 << (b0 & 0x1f), partial: true };
  if (at + 5 > bytes.length) return undefined;
  const body = (((bytes[at + 1] as number) << 24) >>> 0) + ((bytes[at + 2] as number) << 16) + ((bytes[at + 3] as number) << 8) + (bytes[at + 4] as number);
  return { headerBytes: 5, bodyBytes: body, partial: false };
}

/** True when `tags` is the shape of a sealed feed file. */
export function isSealedShape(tags: number[]): boolean {
  return tags.length >= 2 && tags[tags.length - 1] === TAG_SEIPD && tags.slice(0, -1).every((t) => t === TAG_PKESK);
}
