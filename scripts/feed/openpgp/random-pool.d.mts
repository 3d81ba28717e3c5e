/** `length` fresh random bytes from node:crypto's CSPRNG, drawn from a per-thread pool (random-pool.mjs). */
export function randomFromPool(length: number): Buffer;
