// Random bytes for the packets the build writes itself: each SEIPD packet's random first block
// (seipd.mjs) and each signature's salt (sign.mjs). They come from a pool that node:crypto's
// CSPRNG fills 4 KiB at a time, each byte handed out once and copied out, so a later refill
// never changes bytes already used: the same generator, one call per ~200 packets instead of one
// per packet (~2 us each alone, ~0.5 s of each seal worker's time in a cold build at 10,000
// advisories). Plain JavaScript: the seal workers import it. Each thread has its own pool.
import { randomBytes, randomFillSync } from 'node:crypto';

const POOL_BYTES = 4096;
const pool = Buffer.alloc(POOL_BYTES);
let next = POOL_BYTES; // empty: filled on first use

/** `length` fresh random bytes (a Buffer of its own). */
export function randomFromPool(length) {
  if (length > POOL_BYTES / 4) return randomBytes(length);
  if (next + length > POOL_BYTES) {
    randomFillSync(pool);
    next = 0;
  }
  const bytes = Buffer.from(pool.subarray(next, next + length));
  next += length;
  return bytes;
}
