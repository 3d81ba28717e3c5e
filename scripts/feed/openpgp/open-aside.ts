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
import { readFileSync } from 'node:fs';
import { startHelperWorker } from '../job-worker.js';
import { PGP_CONFIG } from './config.js';
import { privateKeyOf } from './handles.js';
import { openSealed } from './open.js';
import type { Certificate, SecretKey } from './types.js';

/**
 * A job of open-aside-worker.mjs: the message (a copy, moved) or the file the worker reads it
 * from, the decryption key armoured, the certificate.
 */
export interface OpenAsideJob {
  message?: Uint8Array;
  path?: string;
  decryptionKey: string;
  publisher: string;
}

/**
 * A sealed message, or the file that holds it: a worker then reads the file itself, so that its
 * bytes (16 MB for the build state at 10,000 advisories) are neither read nor copied by the
 * calling thread, where each fresh page of memory costs its first touch (docs/performance-log.md,
 * round 24). The calling thread reads the file only to open it itself.
 */
export type SealedSource = Uint8Array | { path: string };

const WORKER_URL = new URL('./open-aside-worker.mjs', import.meta.url);

/**
 * openSealed(message, keys), in a worker thread when one starts (`worker: false`: in this thread).
 * `signal` stops the worker and rejects, without opening the file in this thread instead.
 */
export async function openSealedAside(
  source: SealedSource,
  keys: { decryptionKey: SecretKey; publisher: Certificate },
  options: { worker?: boolean; signal?: AbortSignal } = {},
): Promise<Uint8Array> {
  if (options.worker === false) return openSealed(bytesOf(source), keys);
  return openInWorker(source, keys, options.signal).catch((error: unknown) => {
    if (options.signal?.aborted === true) throw error;
    return openSealed(bytesOf(source), keys);
  });
}

function bytesOf(source: SealedSource): Uint8Array {
  return source instanceof Uint8Array ? source : readFileSync(source.path);
}

/**
 * openSealed(message, keys) run by a worker thread started for it and stopped once it answered.
 * Rejects with a plain Error (no code) when the worker does not start, fails or refuses the file,
 * or when `signal` aborts (the worker is stopped then).
 */
export async function openInWorker(source: SealedSource, keys: { decryptionKey: SecretKey; publisher: Certificate }, signal?: AbortSignal): Promise<Uint8Array> {
  const worker = await startHelperWorker(WORKER_URL, 'open');
  if (worker === undefined) throw new Error('The open worker did not start');
  // Aborted (the build ended before it needed the state): the worker stops, and the job with it.
  const stop = () => void worker.stop();
  signal?.addEventListener('abort', stop, { once: true });
  try {
    signal?.throwIfAborted();
    const armored = { decryptionKey: privateKeyOf(keys.decryptionKey).armor(PGP_CONFIG), publisher: keys.publisher.armored };
    let reply: { plaintext?: unknown };
    if (source instanceof Uint8Array) {
      // A copy of its own, moved: posting the caller's bytes to be cloned took ~0.18 s of this
      // thread for the 16 MB state of 10,000 advisories, copying them here ~0.01 s.
      const own = source.slice();
      reply = await worker.job({ message: own, ...armored } satisfies OpenAsideJob, [own.buffer]);
    } else {
      reply = await worker.job({ path: source.path, ...armored } satisfies OpenAsideJob);
    }
    if (!(reply.plaintext instanceof Uint8Array)) throw new Error('The open worker answered without a plaintext');
    return reply.plaintext;
  } finally {
    signal?.removeEventListener('abort', stop);
    await worker.stop();
  }
}
