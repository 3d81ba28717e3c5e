/**
 * Reads a response body with a hard byte cap, so an endless or oversized response costs at most
 * `maxBytes` + one chunk of memory (TUF "endless data").
 */
import { pollError, type PollCode } from './errors.js';

/**
 * Collects `stream` (a web ReadableStream or a node:http response) into one buffer; stops reading
 * it (leaving the loop cancels or destroys it) and throws `tooLargeCode` past `maxBytes`.
 */
export async function readCapped(
  stream: AsyncIterable<Uint8Array> | null,
  maxBytes: number,
  tooLargeCode: PollCode,
  url: string,
): Promise<Uint8Array> {
  if (stream === null) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of stream) {
    total += chunk.byteLength;
    if (total > maxBytes) {
      throw pollError(tooLargeCode, `Expected at most ${maxBytes} bytes from ${url}, got more; download aborted.`, {
        hint: 'The server sends more than the feed allows: check the feed URL, or raise the limit if the feed legitimately grew.',
      });
    }
    chunks.push(chunk);
  }
  return chunks.length === 1 && total === (chunks[0] as Uint8Array).byteLength ? (chunks[0] as Uint8Array) : concat(chunks, total);
}

export function concat(chunks: Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}
