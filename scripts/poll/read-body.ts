/**
 * Reads a response body with a hard byte cap, so an endless or oversized response costs at most
 * `maxBytes` + one chunk of memory (TUF "endless data").
 */
import { pollError, type PollCode } from './errors.js';

/** Collects `stream` into one buffer; cancels it and throws `tooLargeCode` past `maxBytes`. */
export async function readCapped(
  stream: ReadableStream<Uint8Array> | null,
  maxBytes: number,
  tooLargeCode: PollCode,
  url: string,
): Promise<Uint8Array> {
  if (stream === null) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw pollError(tooLargeCode, `Expected at most ${maxBytes} bytes from ${url}, got more; download aborted.`, {
          hint: 'The server sends more than the feed allows: check the feed URL, or raise the limit if the feed legitimately grew.',
        });
      }
      chunks.push(value);
    }
  } finally {
    reader.releaseLock();
  }
  return concat(chunks, total);
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
