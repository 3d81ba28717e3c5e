/**
 * A build's partner keys: each inspected at --now (what `check` reports), each group's recipient
 * set worked out, and the sealer made of each group that seals something (feed-format §5.1, §5.3).
 * At 450 keys that is ~0.7 s of CPU for ~900 signature checks and ~0.3 s of key agreement for nine
 * headers (made only when asked for: `prepare`, `sealer`), with the build's
 * own thread (the limit of a rebuild) busy for most of it; with `worker: true` a worker thread does
 * it (keyring-worker.mjs) while this one loads and plans the advisories.
 *
 * Same functions, same answers: the worker runs keyring-jobs.ts, as this thread would. When the
 * worker does not start, fails, or refuses a job, the job is done again in this thread, whose
 * typed error (CryptoCode) is the one reported. The worker only ever receives public keys and
 * hands back reports, fingerprints and recipient headers; the signing key never leaves this
 * thread, and the worker forgets a header's session key once it has handed it over.
 */
import { startHelperWorker, type JobWorker } from '../job-worker.js';
import { certificatesOf, inspectKey, recipientSetOf, type KeyFile, type RecipientSet } from './keyring-jobs.js';
import { createSealer, sealerFromHeader, type RecipientHeader } from './seal.js';
import type { KeyReport, Sealer, SecretKey } from './types.js';

export type { KeyFile, RecipientSet };

/** A group's recipients at one moment, and the one sealer a build makes for them. */
export interface GroupRecipients extends RecipientSet {
  /** createSealer(signer, these certificates, { date }): a fresh session key on every call. */
  sealer(signer: SecretKey): Promise<Sealer>;
  /**
   * Starts making the recipient header the first `sealer` call will use (in a worker: on its
   * thread, while this one works on), for a group the build expects to seal for. Without it the
   * header is made when `sealer` is first called; a build that seals nothing makes none.
   */
  prepare(): void;
}

export interface Keyring {
  /** inspectKey(armored, now, path). */
  inspect(armored: string, now: Date, path: string): Promise<KeyReport>;
  /** The recipient set of these certificates at `date` (NO_RECIPIENTS, KEY_UNUSABLE). */
  recipients(keys: readonly KeyFile[], date: Date): Promise<GroupRecipients>;
  /** Stops the worker, if any. */
  close(): Promise<void>;
  /** Answers this thread made itself because the worker could not (none without a worker). */
  readonly answeredHere: number;
  /** Recipient headers started so far, ahead (`prepare`) or for a sealer: a no-op rebuild starts none. */
  readonly headersStarted: number;
}

const WORKER_URL = new URL('./keyring-worker.mjs', import.meta.url);

export interface KeyringOptions {
  /** Run in a worker thread (default: this thread). */
  worker?: boolean;
  /**
   * With a worker: key files likely to be inspected, and the moment they will be inspected at. The
   * worker inspects them all as soon as it starts, so `inspect` finds its answers made (it still
   * answers for the text it is given, whatever these were).
   */
  ahead?: { keys: readonly KeyFile[]; now: Date };
}

/** A keyring in this thread, or (`worker: true`) in a worker thread once it has started. */
export function createKeyring(options: KeyringOptions = {}): Keyring {
  if (options.worker !== true) return inThreadKeyring();
  const started = startHelperWorker(WORKER_URL, 'keyring');
  const { ahead } = options;
  if (ahead !== undefined) void started.then((worker) => worker?.send({ type: 'ahead', ...ahead }));
  const inThread = inThreadKeyring();
  let answeredHere = 0;
  const here = <T>(answer: () => Promise<T>): Promise<T> => {
    answeredHere++;
    return answer();
  };
  let nextHeader = 0;
  let headersStarted = 0;
  return {
    get answeredHere() {
      return answeredHere;
    },
    get headersStarted() {
      return headersStarted + inThread.headersStarted;
    },
    async inspect(armored, now, path) {
      const worker = await started;
      const inspect = () => here(() => inThread.inspect(armored, now, path));
      if (worker === undefined) return inspect();
      return ask<KeyReport>(worker, { type: 'inspect', armored, now, path }).catch(inspect);
    },
    async recipients(keys, date) {
      const worker = await started;
      const recipients = () => here(() => inThread.recipients(keys, date));
      if (worker === undefined) return recipients();
      const header = nextHeader++;
      const set = await ask<RecipientSet>(worker, { type: 'recipients', keys, date, header }).catch(() => undefined);
      if (set === undefined) return recipients();
      let headerStarted = false;
      let handedOver = false;
      const start = () => {
        if (!headerStarted) headersStarted++;
        headerStarted = true;
      };
      return {
        ...set,
        prepare() {
          if (headerStarted) return;
          start();
          worker.send({ type: 'prepare', header });
        },
        async sealer(signer) {
          // The worker hands its header over once: a second sealer gets a fresh session key here.
          const first = !handedOver;
          handedOver = true;
          if (first) start();
          const made = first ? await ask<RecipientHeader>(worker, { type: 'header', header }).catch(() => undefined) : undefined;
          // The worker's header is for this very set; made again here when it could not be had.
          if (made === undefined || made.recipientKeys.join('\n') !== set.recipientKeys.join('\n')) {
            headersStarted++;
            return here(async () => createSealer(signer, await certificatesOf(keys), { date }));
          }
          return sealerFromHeader(signer, made, { date });
        },
      };
    },
    async close() {
      await (await started)?.stop();
    },
  };
}

function inThreadKeyring(): Keyring {
  let headersStarted = 0;
  return {
    inspect: (armored, now, path) => inspectKey(armored, now, path),
    async recipients(keys, date) {
      const set = await recipientSetOf(keys, date);
      return {
        ...set,
        async sealer(signer) {
          headersStarted++;
          return createSealer(signer, await certificatesOf(keys), { date });
        },
        prepare() {}, // made by `sealer`, in this thread, when it is needed
      };
    },
    close: async () => undefined,
    answeredHere: 0,
    get headersStarted() {
      return headersStarted;
    },
  };
}

async function ask<T>(worker: JobWorker, job: object): Promise<T> {
  return (await worker.job(job)).result as T;
}

