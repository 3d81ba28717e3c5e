/**
 * Stage `open-state`: starts opening the previous build's sealed state (`.state.pgp`) with the
 * signing key as soon as `unlock-key` has it, and returns at once, so that `load`, `validate`
 * and `plan` keep this thread busy meanwhile; `read-state` awaits it, parses it and reports what
 * went wrong. A large state is opened on another core (feed/openpgp/open-aside.ts: the same
 * openSealed; the signing key decrypts and only its own certificate verifies). At 10,000
 * advisories the state is ~16 MB: opening it takes the other core ~1-2 s, which a rebuild's
 * main thread spent waiting for it when it started only after `load`. The file is read without
 * waiting for the listing of --out, which may still be running; `read-state` decides by the
 * listing whether there is a state, as before.
 *
 * A large state is read by the worker itself: reading it here (~0.07 s for the 16 MB at 10,000
 * advisories) and copying it for the worker (as much again) took this thread ~0.15 s in all,
 * most of it the first touch of 32 MB of fresh memory (docs/performance-log.md, round 24). A
 * small one is read here at once, in one call: through fs/promises it came in turns of this
 * thread's event loop, which `load` keeps busy.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { openSealedAside } from '../feed/openpgp.js';
import { need, type BuildContext } from './context.js';
import { STATE_FILE } from './state/build-state.js';
import { STATE_CHANGES_FILE } from './state/state-changes.js';
import { StateGuard } from './write/state-guard.js';

/**
 * From this size on the state is opened in a worker (~2,500 advisories): starting one costs
 * ~0.05-0.1 s of the other core, and waiting for it longer than opening a small state here.
 */
export const STATE_WORKER_MIN_BYTES = 4 << 20;

export function openState(ctx: BuildContext): void {
  ctx.stateAside = false;
  ctx.stateGuard = new StateGuard(ctx.options.out, () => ctx.lockLost === true);
  // Awaited by read-state; if a stage before it fails, these failures are not news.
  ctx.stateOpening = openStateFile(ctx, path.join(ctx.options.out, STATE_FILE), (aside) => (ctx.stateAside = aside));
  ctx.stateOpening.catch(() => undefined);
  ctx.changesOpening = openStateFile(ctx, path.join(ctx.options.out, STATE_CHANGES_FILE), () => undefined);
  ctx.changesOpening.catch(() => undefined);
}

/**
 * A state file's verified plaintext (the state, or its changes: state/state-changes.ts);
 * undefined when there is no such file. `aside` is told whether it is opened in a worker.
 */
async function openStateFile(ctx: BuildContext, file: string, aside: (worker: boolean) => void): Promise<Uint8Array | undefined> {
  const unlocking = need(ctx, 'signerUnlocking');
  let source: Uint8Array | { path: string };
  let worker: boolean;
  try {
    const { size } = statSync(file);
    // Decided before the first await, so before openState returns: `load` reads it (load.ts).
    worker = ctx.options.stateWorker ?? size >= STATE_WORKER_MIN_BYTES;
    aside(worker);
    source = worker ? { path: file } : readFileSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined; // a first build, a lost state, or no changes
    throw error;
  }
  const { signer } = await unlocking;
  try {
    return await openSealedAside(source, { decryptionKey: signer, publisher: signer.certificate }, { worker, signal: ctx.ending.signal });
  } catch (error) {
    // Removed after it was found: read-state says it did not stay in place.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
