/**
 * One build per output folder at a time (proper-lockfile: an atomic mkdir of `<out>.lock`, kept
 * fresh while we run, taken over after 10 s when its owner died). The lock sits beside the output,
 * not in it, so a CDN sync of --out never ships it.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import { buildError } from './errors.js';

/** Milliseconds after which a lock whose owner stopped refreshing it is considered abandoned. */
const STALE_MS = 10_000;

/** `onLost`: told when the lock is found taken over while `work` runs (write/state-guard.ts stops it). */
export async function withLock<T>(out: string, work: () => Promise<T>, onLost: () => void = () => undefined): Promise<T> {
  await mkdir(path.dirname(out), { recursive: true });
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(out, {
      realpath: false,
      lockfilePath: `${out}.lock`,
      stale: STALE_MS,
      retries: { retries: 3, minTimeout: 100, maxTimeout: 400 },
      // A takeover after STALE_MS (this build stalled): the build's next write stops it (state-guard.ts).
      onCompromised: () => onLost(),
    });
  } catch (cause) {
    throw buildError('BUILD_LOCKED', `Expected the output folder to be free, got another build holding ${out}.lock`, {
      cause,
      hint: 'Wait for the other build to finish; a lock left by a killed build expires after 10 seconds.',
    });
  }
  try {
    return await work();
  } finally {
    await release().catch(() => undefined);
  }
}
