/**
 * Whether this build still owns --out, asked before each file it writes there. The lock
 * (lock.ts) is taken over when its owner has not refreshed it for 10 s: a build stalled that long
 * (a paused VM, a stopped process, a machine swapping) and then resumed would otherwise go on
 * writing beside the build that took over, and the two would publish two different indexes
 * under one sequence (feed-format §9.1).
 *
 * Two signs that another build has taken over: the lock library reports the lock compromised
 * (it notices on its next refresh), or a state file (`.state.pgp`, `.state-changes.pgp`) is no
 * longer the one this build read or last wrote, which is what another build writes first. Either
 * stops the build with BUILD_LOCK_LOST, without undoing anything: what it wrote is now the other
 * build's output, and the touched log (touched-log.ts) names its public files for the next build
 * to write again; its new items are unknown files under `groups/`, which become orphans.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { buildError } from '../errors.js';
import { STATE_FILE } from '../state/build-state.js';
import { STATE_CHANGES_FILE } from '../state/state-changes.js';

const GUARDED = [STATE_FILE, STATE_CHANGES_FILE] as const;

/** A file as found: device, inode, size and modification time, or absent. */
function identityOf(file: string): string {
  try {
    const stat = statSync(file, { bigint: true });
    return `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeNs}`;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'absent';
    throw error;
  }
}

/**
 * The BUILD_LOCK_LOST in `error`, itself or as the cause of the write step it stopped (write
 * steps wrap what the journal throws); the write stages rethrow it without undoing anything.
 */
export function lockLostIn(error: unknown): Error | undefined {
  for (let e = error, depth = 0; e instanceof Error && depth < 3; e = e.cause, depth++) {
    if ((e as { code?: unknown }).code === 'BUILD_LOCK_LOST') return e;
  }
  return undefined;
}

export class StateGuard {
  readonly #expected = new Map<string, string>();

  /**
   * Records the state files of `out` as they are now (open-state, before they are read);
   * `lockLost` says whether the lock was reported taken over (pipeline.ts).
   */
  constructor(private readonly out: string, private readonly lockLost: () => boolean = () => false) {
    for (const rel of GUARDED) this.#expected.set(rel, identityOf(path.join(out, rel)));
  }

  /** Throws BUILD_LOCK_LOST when another build has taken over --out. */
  check(): void {
    const moved = GUARDED.find((rel) => identityOf(path.join(this.out, rel)) !== this.#expected.get(rel));
    if (!this.lockLost() && moved === undefined) return;
    throw buildError('BUILD_LOCK_LOST', moved === undefined
      ? `Expected to hold the lock on ${this.out} to the end, got it taken over by another build`
      : `Expected ${moved} in ${this.out} as this build read it, got another: a build took over the output folder`, {
      path: this.out,
      hint: 'This build stalled for more than 10 s and another one took over; it stopped without undoing its writes. Run the build again: it writes the files this one left (.build-touched).',
    });
  }

  /** After this build replaced (or removed) the state file `rel` itself. */
  wrote(rel: string): void {
    if (this.#expected.has(rel)) this.#expected.set(rel, identityOf(path.join(this.out, rel)));
  }
}
