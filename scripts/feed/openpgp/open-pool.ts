/**
 * Opening many sealed files across CPU cores (feed-format §8.10): a pool of worker threads that
 * decrypt + verify, then hand each verified plaintext to a plain-JavaScript "then" module in the
 * same thread (the client parses and renders there), so only small results come back.
 *
 * The same rules as openSealed (open.ts): the framing is checked here first (§5.2), every file is
 * decrypted with `expectSigned: true` and the pinned publisher certificate as the only
 * verification key, and its signature awaited. The recipient header is opened here, once per
 * distinct header (§5.3, as createOpenCache does), and only its session key goes to the workers:
 * the partner's secret key never leaves this thread. Workers read only the SEIPD packet.
 *
 * A file the workers refuse rejects with a plain Error naming no code: open it with openSealed
 * to learn the precise CryptoCode (the client does; test/feed/open-pool.test.ts checks the two
 * agree). Workers are plain JavaScript (open-worker.mjs), like seal-pool's, so they start without
 * a TypeScript loader.
 */
import { availableParallelism } from 'node:os';
import { decryptSessionKeys, readMessage, type SessionKey } from 'openpgp';
import { PGP_CONFIG } from './config.js';
import { privateKeyOf } from './handles.js';
import { startJobWorker, type JobWorker } from '../job-worker.js';
import { isSealedShape, packetLayout } from './packet-framing.js';
import type { Certificate, SecretKey } from './types.js';

export interface OpenPool<J, R> {
  /** Opens `sealed` (not transferred: the caller keeps it) and resolves with the then-step's result for `job`. */
  open(sealed: Uint8Array, job: J): Promise<R>;
  /** Stops the workers; pending opens reject. */
  close(): Promise<void>;
}

export interface OpenPoolOptions {
  /** Worker threads (default: one per core). */
  threads?: number;
  /** A plain-JavaScript module exporting `setup(data)`, which returns `(plaintext, job) => result`. */
  then: URL;
  /** Passed to `setup` in each worker (structured-cloneable). */
  thenData?: unknown;
}

/** Messages to a worker (open-worker.mjs). */
export type OpenWorkerRequest =
  | { type: 'header'; id: number; sessionKeys: SessionKey[] }
  | { type: 'job'; id: number; header: number; body: Uint8Array; job: unknown };
/** A worker's answer (id -1: ready, or failed to start). */
export type OpenWorkerReply = { id: number; result: unknown } | { id: number; error: string };

const WORKER_URL = new URL('./open-worker.mjs', import.meta.url);

export function defaultOpenThreads(): number {
  return availableParallelism();
}

export async function createOpenPool<J, R>(
  keys: { decryptionKey: SecretKey; publisher: Certificate },
  options: OpenPoolOptions,
): Promise<OpenPool<J, R>> {
  const threads = Math.max(1, options.threads ?? defaultOpenThreads());
  const workerData = { publisher: keys.publisher.armored, config: PGP_CONFIG, then: options.then.href, thenData: options.thenData };
  const workers = await Promise.all(Array.from({ length: threads }, () => startWorker(workerData)));
  /** Header bytes (latin1: one character a byte) -> its number and session keys, decrypted once. */
  const headers = new Map<string, Promise<OpenedHeader>>();
  /**
   * The header of the last file: a build seals a group's files under one header, so the next file
   * almost always has it too, and comparing its bytes (~5 KB at 50 recipients) is ~20x cheaper
   * than spelling them out as a key.
   */
  let last: { bytes: Buffer; entry: Promise<OpenedHeader> } | undefined;
  let turn = 0;
  const leastBusy = (): PoolWorker => {
    let best = workers[turn++ % workers.length] as PoolWorker;
    for (const w of workers) if (w.thread.pending < best.thread.pending) best = w;
    return best;
  };
  const headerOf = (sealed: Uint8Array, end: number): Promise<OpenedHeader> => {
    const bytes = Buffer.from(sealed.buffer, sealed.byteOffset, end);
    if (last !== undefined && last.bytes.equals(bytes)) return last.entry;
    const key = bytes.toString('latin1');
    let entry = headers.get(key);
    if (entry === undefined) {
      const opening = openHeader(sealed, keys.decryptionKey, headers.size);
      headers.set(key, opening);
      opening.catch(() => { // a header that does not open is not remembered
        headers.delete(key);
        if (last?.entry === opening) last = undefined;
      });
      entry = opening;
    }
    last = { bytes: Buffer.from(bytes), entry }; // a copy: the caller's buffer is not ours to keep
    return entry;
  };
  return {
    async open(sealed, job) {
      const end = seipdStart(sealed);
      const header = await headerOf(sealed, end);
      const worker = leastBusy();
      if (!worker.headers.has(header.id)) {
        worker.thread.send({ type: 'header', id: header.id, sessionKeys: header.sessionKeys } satisfies OpenWorkerRequest);
        worker.headers.add(header.id);
      }
      // A copy of its own buffer, moved to the worker (a Buffer's slice() would share, and moving
      // that would empty the caller's bytes, or another Buffer of the same pool).
      const body = new Uint8Array(sealed.subarray(end));
      const reply = await worker.thread.job({ type: 'job', header: header.id, body, job }, [body.buffer as ArrayBuffer]);
      return reply.result as R;
    },
    async close() {
      await Promise.all(workers.map((w) => w.thread.stop()));
    },
  };
}

/** feed-format §5.2: PKESK packets then one SEIPD packet, every byte accounted for; where the SEIPD starts. */
function seipdStart(sealed: Uint8Array): number {
  const layout = packetLayout(sealed);
  if ('problem' in layout) throw new Error(`not a sealed feed file: ${layout.problem}`);
  if (!isSealedShape(layout.tags)) throw new Error(`not a sealed feed file: packets [${layout.tags.join(', ')}]`);
  return layout.starts.at(-1) as number;
}

/** A recipient header opened with the partner's key: its number in this pool, and its session keys. */
interface OpenedHeader {
  id: number;
  sessionKeys: SessionKey[];
}

async function openHeader(sealed: Uint8Array, decryptionKey: SecretKey, id: number): Promise<OpenedHeader> {
  const message = await readMessage({ binaryMessage: sealed, config: PGP_CONFIG });
  const sessionKeys = (await decryptSessionKeys({ message, decryptionKeys: privateKeyOf(decryptionKey), config: PGP_CONFIG })) as SessionKey[];
  return { id, sessionKeys };
}

/** A worker, and the header ids it has the session keys of. */
interface PoolWorker {
  thread: JobWorker;
  headers: Set<number>;
}

async function startWorker(workerData: unknown): Promise<PoolWorker> {
  const thread = await startJobWorker(WORKER_URL, workerData, 'open', {
    reply: (message) => new Error(message),
    thread: (message, cause) => new Error(`open worker failed: ${message}`, { cause }),
  });
  return { thread, headers: new Set() };
}
