/**
 * Stage `open-state`: starts opening the previous build's sealed state (`.state.pgp`) and returns
 * at once, so that `plan` keeps this thread busy meanwhile; `read-state` awaits it, parses it and
 * reports what went wrong. A large state is opened on another core (feed/openpgp/open-aside.ts:
 * the same openSealed; the signing key decrypts and only its own certificate verifies). At 10,000
 * advisories the state is ~16 MB, and opening it took ~0.14 s of this thread and left ~110 MB of
 * buffers to collect. The file is read without waiting for the listing of --out, which may still
 * be running; `read-state` decides by the listing whether there is a state, as before.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { openSealedAside } from '../feed/openpgp.js';
import { need, type BuildContext } from './context.js';
import { STATE_FILE } from './state/build-state.js';

/**
 * From this size on the state is opened in a worker (~2,500 advisories): starting one costs
 * ~0.05-0.1 s of the other core, and waiting for it longer than opening a small state here.
 */
export const STATE_WORKER_MIN_BYTES = 4 << 20;

export async function openState(ctx: BuildContext): Promise<void> {
  const signer = need(ctx, 'signer');
  let sealed: Uint8Array;
  try {
    sealed = await readFile(path.join(ctx.options.out, STATE_FILE));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return; // a first build, or a lost state
    throw error;
  }
  const worker = ctx.options.stateWorker ?? sealed.length >= STATE_WORKER_MIN_BYTES;
  const opening = openSealedAside(sealed, { decryptionKey: signer, publisher: signer.certificate }, { worker });
  // Awaited by read-state; if a stage before it fails, this failure is not news.
  opening.catch(() => undefined);
  ctx.stateOpening = opening;
}
