/**
 * Opening one large sealed file on another core: openSealed (open.ts), run by a worker thread
 * that exits once it answered. For the build's state (~16 MB at 10,000 advisories, ~80 MB at
 * 50,000), which the build opens while its own thread plans (scripts/build/open-state.ts).
 * openpgp.js copies a message several times while it decrypts it and checks its signature
 * (~110 MB of buffers for the 16 MB state), and that garbage stayed in the build's heap until
 * the seal stage; in the worker it goes with the thread, and only the verified plaintext comes
 * back, moved rather than copied.
 *
 * Same function, same answer: the worker runs openSealed itself, with the same key and the same
 * pinned certificate. When the worker does not start, fails, or refuses the file, the file is
 * opened again in this thread, whose typed error (CryptoCode) is the one reported.
 */
import { startHelperWorker } from '../job-worker.js';
import { PGP_CONFIG } from './config.js';
import { privateKeyOf } from './handles.js';
import { openSealed } from './open.js';
import type { Certificate, SecretKey } from './types.js';

/** A job of open-aside-worker.mjs: the message (a copy, moved), the decryption key armoured, the certificate. */
export interface OpenAsideJob {
  message: Uint8Array;
  decryptionKey: string;
  publisher: string;
}

const WORKER_URL = new URL('./open-aside-worker.mjs', import.meta.url);

/**
 * openSealed(message, keys), in a worker thread when one starts (`worker: false`: in this thread).
 * `signal` stops the worker and rejects, without opening the file in this thread instead.
 */
export function openSealedAside(
  message: Uint8Array,
  keys: { decryptionKey: SecretKey; publisher: Certificate },
  options: { worker?: boolean; signal?: AbortSignal } = {},
): Promise<Uint8Array> {
  if (options.worker === false) return openSealed(message, keys);
  return openInWorker(message, keys, options.signal).catch((error: unknown) => {
    if (options.signal?.aborted === true) throw error;
    return openSealed(message, keys);
  });
}

/**
 * openSealed(message, keys) run by a worker thread started for it and stopped once it answered.
 * Rejects with a plain Error (no code) when the worker does not start, fails or refuses the file,
 * or when `signal` aborts (the worker is stopped then).
 */
export async function openInWorker(message: Uint8Array, keys: { decryptionKey: SecretKey; publisher: Certificate }, signal?: AbortSignal): Promise<Uint8Array> {
  const worker = await startHelperWorker(WORKER_URL, 'open');
  if (worker === undefined) throw new Error('The open worker did not start');
  // Aborted (the build ended before it needed the state): the worker stops, and the job with it.
  const stop = () => void worker.stop();
  signal?.addEventListener('abort', stop, { once: true });
  try {
    signal?.throwIfAborted();
    // A copy of its own, moved: posting the caller's bytes to be cloned took ~0.18 s of this
    // thread for the 16 MB state of 10,000 advisories, copying them here ~0.01 s.
    const own = message.slice();
    const job: OpenAsideJob = { message: own, decryptionKey: privateKeyOf(keys.decryptionKey).armor(PGP_CONFIG), publisher: keys.publisher.armored };
    const reply = await worker.job(job, [own.buffer]);
    if (!(reply.plaintext instanceof Uint8Array)) throw new Error('The open worker answered without a plaintext');
    return reply.plaintext;
  } finally {
    signal?.removeEventListener('abort', stop);
    await worker.stop();
  }
}
