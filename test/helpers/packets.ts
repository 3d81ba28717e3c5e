/** Reading OpenPGP packet sequences in tests of the hand-made packets (sign.mjs, seipd.mjs). */

/** Each packet's tag and body, from a binary packet sequence (new-format headers, as openpgp.js and our writers use). */
export function packets(data: Uint8Array): Array<{ tag: number; body: Uint8Array }> {
  const found = [];
  for (let at = 0; at < data.length;) {
    const tag = data[at]! & 0x3f;
    const first = data[at + 1]!;
    let length: number;
    let header: number;
    if (first < 192) [length, header] = [first, 2];
    else if (first < 224) [length, header] = [((first - 192) << 8) + data[at + 2]! + 192, 3];
    else [length, header] = [new DataView(data.buffer, data.byteOffset + at + 2, 4).getUint32(0), 6];
    found.push({ tag, body: data.subarray(at + header, at + header + length) });
    at += header + length;
  }
  return found;
}
