/**
 * Sealing many files across CPU cores (feed-format §5.3): a pool of worker threads, each with the
 * unlocked signing key, that signs a plaintext once and seals it under the session key and
 * recipient header of each Sealer named, and can write the sealed files itself (sealInto). This
 * is the build's hottest path: ~0.18 ms an item at 10,000 advisories on two cores.
 *
 * Same bytes on the wire as Sealer.sealSigned(signPayload(...)): one header per sealer, made once
 * by createSealer in the calling thread; the workers only add SEIPDv1 bodies under it. With
 * `threads: 0` the pool runs in the calling thread (small builds, where starting workers costs
 * more than it saves).
 */
import { FeedError, type CryptoCode } from '../errors.js';
import { PGP_CONFIG } from './config.js';
import { privateKeyOf } from './handles.js';
import { startJobWorker, type JobWorker } from '../job-worker.js';
import { sealerPartsOf, type SealerParts } from './seal.js';
import { signDetached } from './detached.js';
import { signPayload } from './signed-payload.js';
import type { Sealer, SecretKey } from './types.js';

/**
 * A pool seals in one of two ways: in the calling thread, returning the files (sealForAll), or in
 * worker threads that write the files themselves (sealInto, writeFiles). Check `sealInto` to tell
 * them apart.
 */
export type SealPool = InThreadSealPool | WorkerSealPool;

interface SealPoolBase {
  /** A detached armoured signature of `data` (feed-format §5.4), as signDetached makes it. */
  signDetached(data: Uint8Array): Promise<string>;
  /** Stops the workers (pending jobs fail). */
  close(): Promise<void>;
}

export interface InThreadSealPool extends SealPoolBase {
  /** Signs `plaintext` once and seals it for each sealer: one file per sealer, in order. */
  sealForAll(plaintext: Uint8Array, sealers: readonly Sealer[]): Promise<Uint8Array[]>;
  sealInto?: undefined;
  writeFiles?: undefined;
}

export interface WorkerSealPool extends SealPoolBase {
  /**
   * Signs `plaintext` once, seals it for each sealer, and the worker writes the file for
   * sealers[k] itself into the existing folder folders[k] (absolute), named `<sha256>.pgp`
   * (feed/paths.ts itemPath), never over an existing file. The plaintext's buffer is handed over
   * (transferred to a worker): do not use it afterwards. The sealed bytes never come back to the
   * calling thread: it is spared their copy, hash and write (cold build at 10,000 advisories:
   * ~38 -> ~31 s). Rejects with SealedFileWriteError when writing failed; the job's files are
   * then removed again.
   */
  sealInto(plaintext: Uint8Array, sealers: readonly Sealer[], folders: readonly string[]): Promise<SealedFile[]>;
  /**
   * A worker writes each file to its absolute `path` (into an existing folder), never over an
   * existing file, and for a `sign` file its detached armoured signature (feed-format §5.4)
   * beside it as `<path>.asc`. Rejects with SealedFileWriteError when writing failed (EEXIST
   * included); the job's files are then removed again.
   */
  writeFiles(files: readonly FileToWrite[]): Promise<void>;
}

/** A file for writeFiles. */
export interface FileToWrite {
  path: string;
  data: Uint8Array;
  sign: boolean;
}

/** A file sealInto wrote, or found there already with the same name (`created: false`: same bytes). */
export interface SealedFile {
  sha256: string;
  size: number;
  created: boolean;
}

/** A sealed file a worker could not write: `code` is the file system's (ENOSPC, EACCES, ...). */
export class SealedFileWriteError extends Error {
  constructor(message: string, readonly code: string | undefined, readonly path: string | undefined) {
    super(message);
    this.name = 'SealedFileWriteError';
  }
}

/** Messages to a worker (seal-worker.mjs). */
export type WorkerRequest =
  | { type: 'sealer'; id: number; parts: SealerParts }
  | { type: 'into'; id: number; plaintext: Uint8Array; sealers: number[]; folders: readonly string[] }
  | { type: 'detached'; id: number; data: Uint8Array }
  | { type: 'files'; id: number; files: readonly FileToWrite[] };

/** A worker's answer to a job (id -1: ready). */
export type WorkerReply =
  | { id: number; files: SealedFile[] }
  | { id: number; signature: string }
  | { id: number; written: number }
  | { id: number; error: string; writeError?: { code?: string; path?: string } };

const WORKER_URL = new URL('./seal-worker.mjs', import.meta.url);

export async function createSealPool(signer: SecretKey, options: { threads: number }): Promise<SealPool> {
  if (options.threads <= 0) return inThread(signer);
  // In-process only: the unlocked key goes to our own threads by postMessage, never to disk.
  const armoredKey = privateKeyOf(signer).armor(PGP_CONFIG);
  const workers = await Promise.all(Array.from({ length: options.threads }, () => startWorker(armoredKey)));
  const ids = new WeakMap<Sealer, number>();
  let nextSealer = 0;
  let turn = 0;
  /** The worker with the fewest jobs pending, round robin among equals. */
  const leastBusy = (): JobWorker => {
    let best = workers[turn++ % workers.length] as JobWorker;
    for (const w of workers) if (w.pending < best.pending) best = w;
    return best;
  };
  /** The workers' numbers for `sealers`, each sent to every worker the first time. */
  const numbersOf = (sealers: readonly Sealer[]): number[] => sealers.map((sealer) => {
    let id = ids.get(sealer);
    if (id === undefined) {
      const parts = checkedParts(sealer, signer);
      ids.set(sealer, (id = nextSealer++));
      for (const w of workers) w.send({ type: 'sealer', id, parts } satisfies WorkerRequest);
    }
    return id;
  });
  return {
    async sealInto(plaintext, sealers, folders) {
      // Moved, not copied: the caller is done with a plaintext once it is sealed.
      const request = { type: 'into', plaintext, sealers: numbersOf(sealers), folders } as const;
      const reply = await leastBusy().job(request, [plaintext.buffer as ArrayBuffer]);
      return reply.files as SealedFile[];
    },
    async signDetached(data) {
      const reply = await leastBusy().job({ type: 'detached', data });
      return reply.signature as string;
    },
    async writeFiles(files) {
      await leastBusy().job({ type: 'files', files });
    },
    async close() {
      await Promise.all(workers.map((w) => w.stop()));
    },
  };
}

function inThread(signer: SecretKey): InThreadSealPool {
  return {
    async sealForAll(plaintext, sealers) {
      for (const sealer of sealers) checkedParts(sealer, signer);
      const payload = await signPayload(signer, plaintext);
      const sealed: Uint8Array[] = [];
      for (const sealer of sealers) sealed.push(await sealer.sealSigned(payload));
      return sealed;
    },
    signDetached: (data) => signDetached(data, signer),
    async close() {},
  };
}

function checkedParts(sealer: Sealer, signer: SecretKey): SealerParts {
  const parts = sealerPartsOf(sealer);
  if (parts.signer !== signer.fingerprint) {
    throw new FeedError<CryptoCode>('KEY_UNUSABLE', `Expected a sealer of the signer ${signer.fingerprint}, got one of ${parts.signer}`, {
      hint: 'Make the pool and its sealers with the same signing key.',
    });
  }
  return parts;
}

function startWorker(armoredKey: string): Promise<JobWorker> {
  return startJobWorker(WORKER_URL, { armoredKey, config: PGP_CONFIG }, 'seal', {
    reply: (message, reply) => {
      const failed = (reply as { writeError?: { code?: string; path?: string } }).writeError;
      if (failed !== undefined) return new SealedFileWriteError(message, failed.code, failed.path);
      return new FeedError<CryptoCode>('KEY_UNUSABLE', `Expected a seal worker to sign and seal, got ${message}`, { hint: 'Check the signing key; build again.' });
    },
    thread: (message, cause) => new FeedError<CryptoCode>('KEY_UNUSABLE', `Expected a seal worker thread, got ${message}`, { cause, hint: 'Build again; report it if it persists.' }),
  });
}
