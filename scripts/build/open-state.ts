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
 * The file is read at once, in one call (~0.07 s for the 16 MB at 10,000 advisories): through
 * fs/promises it came in 32 turns of this thread's event loop, which `load` keeps busy, and
 * arrived ~1.4 s after the stage (~4 s for the 80 MB at 50,000), so the other core started on it
 * that much later.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { openSealedAside } from '../feed/openpgp.js';
import { need, type BuildContext } from './context.js';
import { STATE_FILE } from './state/build-state.js';

/**
 * From this size on the state is opened in a worker (~2,500 advisories): starting one costs
 * ~0.05-0.1 s of the other core, and waiting for it longer than opening a small state here.
 */
export const STATE_WORKER_MIN_BYTES = 4 << 20;

export function openState(ctx: BuildContext): void {
  ctx.stateAside = false;
  const opening = openStateFile(ctx, path.join(ctx.options.out, STATE_FILE));
  // Awaited by read-state; if a stage before it fails, this failure is not news.
  opening.catch(() => undefined);
  ctx.stateOpening = opening;
}

/** The state's verified plaintext; undefined when there is no state file. */
async function openStateFile(ctx: BuildContext, file: string): Promise<Uint8Array | undefined> {
  const unlocking = need(ctx, 'signerUnlocking');
  let sealed: Uint8Array;
  try {
    sealed = readFileSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined; // a first build, or a lost state
    throw error;
  }
  // Decided before the first await, so before openState returns: `load` reads it (load.ts).
  const worker = ctx.options.stateWorker ?? sealed.length >= STATE_WORKER_MIN_BYTES;
  ctx.stateAside = worker;
  const { signer } = await unlocking;
  return openSealedAside(sealed, { decryptionKey: signer, publisher: signer.certificate }, { worker, signal: ctx.ending.signal });
}
