/** SHA-256 of feed files (feed-format §2.1, §8.9). */
import { createHash } from 'node:crypto';

/** Lower-case hex SHA-256 of `data` (strings are hashed as UTF-8). */
export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Lower-case hex SHA-256, 64 characters. */
export const SHA256_HEX = /^[0-9a-f]{64}$/;
