/**
 * One run at a time per state directory: cron may start a run while the last one still waits on
 * a slow server. proper-lockfile keeps `<state>/poll.lock` fresh while held and treats a lock not
 * refreshed for `stale` ms as left by a crashed run.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { lock } from 'proper-lockfile';
import { pollError } from './errors.js';

export const LOCK_FILE = 'poll.lock';

/** A lock not refreshed for this long (ms) was left by a killed run; proper-lockfile's minimum is 2000. */
export const DEFAULT_LOCK_STALE_MS = 30_000;

/** Creates the state folder if needed and locks it; resolves with the release function. */
export async function lockState(stateDir: string, staleMs = DEFAULT_LOCK_STALE_MS): Promise<() => Promise<void>> {
  try {
    await mkdir(stateDir, { recursive: true });
  } catch (error) {
    throw pollError('MIRROR_WRITE_FAILED', `Expected to create the state folder ${stateDir}, got ${(error as Error).message}.`, {
      cause: error,
      hint: 'Check the --state path and its permissions.',
    });
  }
  try {
    return await lock(stateDir, { lockfilePath: join(stateDir, LOCK_FILE), realpath: false, stale: staleMs });
  } catch (error) {
    throw pollError('STATE_LOCKED', `Expected to lock ${stateDir}, got ${(error as Error).message}.`, {
      cause: error,
      hint: `Another poll run uses this state folder; let it finish (a killed run's lock expires after ${Math.round(staleMs / 1000)} seconds).`,
    });
  }
}
