/** SHA-256 of feed files (feed-format §2.1, §8.9). */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';

/** Lower-case hex SHA-256 of `data` (strings are hashed as UTF-8). */
export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Lower-case hex SHA-256, 64 characters. */
export const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * One buffer for every sha256File: a fresh one the size of each file costs the first touch of
 * its pages, ~20 us a page on this project's VM (docs/performance-log.md, round 24); the nine
 * group indexes of 10,000 advisories (2.3 MB each) took ~110-290 ms through readFile, ~20 ms so.
 */
const readBuffer = Buffer.allocUnsafeSlow(1 << 16);

/** Lower-case hex SHA-256 of the bytes of `file`, read synchronously a piece at a time. */
export function sha256File(file: string): string {
  const hash = createHash('sha256');
  const fd = openSync(file, 'r');
  try {
    for (let read = readSync(fd, readBuffer); read > 0; read = readSync(fd, readBuffer)) hash.update(readBuffer.subarray(0, read));
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}
