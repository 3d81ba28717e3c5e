/**
 * The file Fetcher, for `--feed /path/to/groups/<group>` or `file:` URLs (air-gapped copies,
 * tests). The validator is the file's size and modification time, so an unchanged copy costs one
 * stat. Reads at most `maxBytes` + 1 bytes, so a device or growing file cannot exhaust memory.
 */
import { open } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { pollError } from './errors.js';
import type { FetchRequest, FetchResult, Fetcher } from './fetcher.js';

export function createFileFetcher(): Fetcher {
  return {
    async fetch(request: FetchRequest): Promise<FetchResult> {
      const path = fileURLToPath(request.url);
      let handle;
      try {
        handle = await open(path, 'r');
      } catch (error) {
        throw pollError('NETWORK', `Expected a readable file at ${path}, got ${(error as NodeJS.ErrnoException).code ?? String(error)}.`, {
          cause: error,
          hint: 'Check that the feed copy is mounted and --feed points at groups/<group>/ or its index.pgp.',
        });
      }
      try {
        const stats = await handle.stat();
        const etag = `"${stats.size}-${Math.trunc(stats.mtimeMs)}"`;
        if (request.etag === etag) return { status: 'not-modified' };
        const tooLarge = () =>
          pollError(request.tooLargeCode, `Expected at most ${request.maxBytes} bytes in ${path}, got more.`, {
            hint: 'The file is larger than the feed allows: check the feed copy.',
          });
        if (stats.isFile() && stats.size > request.maxBytes) throw tooLarge();
        const buffer = new Uint8Array(request.maxBytes + 1);
        let total = 0;
        for (;;) {
          const { bytesRead } = await handle.read(buffer, total, buffer.byteLength - total, null);
          if (bytesRead === 0) break;
          total += bytesRead;
          if (total > request.maxBytes) throw tooLarge();
        }
        return { status: 'ok', body: buffer.slice(0, total), etag, lastModified: stats.mtime.toUTCString() };
      } finally {
        await handle.close();
      }
    },
  };
}
