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
 *
 * Checks of earlier builds (`known`) are taken as they are while they hold (key-span.ts): a key
 * file with the same text, fit to be a recipient, judged at a second between the same two of the
 * key's own moments. Then neither its report nor a recipient set made only of such keys, nor that
 * set's recipient header (kept-header.ts), costs a signature check. A sealer whose recipients are
 * not those of its set is refused (KEY_UNUSABLE).
 */
import { FeedError, type CryptoCode } from '../errors.js';
import { startHelperWorker, type JobWorker } from '../job-worker.js';
import { spanHolds } from './key-span.js';
import { certificatesOf, checkKey, isFitRecipient, recipientHeaderFromChecks, recipientSetOf, recipientSetOfChecks, type KeyCheck, type KeyFile, type RecipientSet } from './keyring-jobs.js';
import { createSealer, sealerFromHeader, type RecipientHeader } from './seal.js';
import type { KeyReport, Sealer, SecretKey } from './types.js';

export type { KeyCheck, KeyFile, RecipientSet };

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
  /** Key files inspected and recipient sets worked out, rather than taken from `known`. */
  readonly checked: { keys: number; sets: number };
  /**
   * Whether the keyring runs with a worker thread: one was asked for and some key ahead is not
   * answered by `known` (what the worker could not answer is in `answeredHere`).
   */
  readonly inWorker: boolean;
}

/** Checks of earlier builds, by the key file's text (the build keeps them: build/key-check-cache.ts). */
export interface KnownKeyChecks {
  get(armored: string): KeyCheck | undefined;
  /** A check made by this keyring, of a key fit to be a recipient, for later builds. */
  set(armored: string, check: KeyCheck): void;
}

export interface KeyringOptions {
  /** Run in a worker thread (default: this thread). */
  worker?: boolean;
  /**
   * With a worker: key files likely to be inspected, and the moment they will be inspected at. The
   * worker inspects them all as soon as it starts (but those `known` holds for), so `inspect` finds
   * its answers made (it still answers for the text it is given, whatever these were). When `known`
   * holds for all of them, the keyring runs in this thread after all.
   */
  ahead?: { keys: readonly KeyFile[]; now: Date };
  /** Checks to take while they hold, and where to record new ones. */
  known?: KnownKeyChecks;
}

/** A keyring in this thread, or (`worker: true`) in a worker thread once it has started. */
export function createKeyring(options: KeyringOptions = {}): Keyring {
  const { known } = options;
  /** The check `known` has of `armored` that holds at `at`, if any. */
  const holding = (armored: string, at: Date): KeyCheck | undefined => {
    const check = known?.get(armored);
    return check?.span !== undefined && isFitRecipient(check.report) && spanHolds(check.span, at) ? check : undefined;
  };
  const notHeld = ({ keys, now }: NonNullable<KeyringOptions['ahead']>) => ({ now, keys: keys.filter((k) => holding(k.armored, now) === undefined) });
  const ahead = options.ahead && notHeld(options.ahead);
  // When the checks of earlier builds answer for every key ahead, no key is parsed: the recipient
  // sets come from those checks, and this thread makes the headers from them sooner than a worker
  // starts (an edit at 10,000 advisories, nine headers of 51 keys: 0.2-0.4 s less, ~0.5 s less CPU).
  const worker = options.worker === true && (ahead === undefined || ahead.keys.length > 0);
  const core = worker ? workerCore(ahead) : inThreadCore();
  const checked = { keys: 0, sets: 0 };
  return {
    async inspect(armored, now, path) {
      const held = holding(armored, now);
      if (held !== undefined) return structuredClone(held.report);
      checked.keys++;
      const check = await core.check(armored, now, path);
      if (check.span !== undefined && isFitRecipient(check.report)) known?.set(armored, check);
      return check.report;
    },
    async recipients(keys, date) {
      const held = keys.map((k) => holding(k.armored, date));
      const kept = keys.length > 0 && held.every((c) => c !== undefined) ? held : undefined;
      if (kept === undefined) checked.sets++;
      return sealerMatchingSet(await core.recipients(keys, date, kept));
    },
    close: () => core.close(),
    inWorker: worker,
    get answeredHere() {
      return core.answeredHere;
    },
    get headersStarted() {
      return core.headersStarted;
    },
    get checked() {
      return { ...checked };
    },
  };
}

/** A sealer encrypts to exactly the keys its set names: reuse decisions were made with that set. */
function sealerMatchingSet(set: GroupRecipients): GroupRecipients {
  return {
    ...set,
    async sealer(signer) {
      const sealer = await set.sealer(signer);
      if (sealer.recipientsId !== set.recipientsId) {
        throw new FeedError<CryptoCode>('KEY_UNUSABLE', `Expected a recipient header for the keys ${set.recipientKeys.join(', ')}, got one for ${sealer.recipientKeys.join(', ')}`, {
          hint: 'Build again; if this persists, delete .advisory-feed-cache/ in the content root (key checks kept from earlier builds).',
        });
      }
      return sealer;
    },
  };
}

/** What a keyring runs its checks on: this thread, or a worker with this thread behind it. */
interface KeyringCore {
  check(armored: string, now: Date, path: string): Promise<KeyCheck>;
  /**
   * The recipients of these keys at `date`: worked out, or (`kept`: a check of each key that holds
   * at `date`) taken from their kept checks, header included (recipientHeaderFromChecks).
   */
  recipients(keys: readonly KeyFile[], date: Date, kept: readonly KeyCheck[] | undefined): Promise<GroupRecipients>;
  close(): Promise<void>;
  readonly answeredHere: number;
  readonly headersStarted: number;
}

const WORKER_URL = new URL('./keyring-worker.mjs', import.meta.url);

function workerCore(ahead: KeyringOptions['ahead']): KeyringCore {
  // Started at once when there are keys to check ahead, else when first needed: a rebuild that
  // takes every check as kept and seals nothing needs no worker at all. (Started at once to parse
  // the kept keys ahead, the worker saved an edit's seal stage ~0.5 s of waiting for its headers
  // but cost a no-op ~0.4 s and ~1 s of CPU, and the edit as a whole gained nothing: 7.02-7.52
  // against 7.12-7.26 s, alternating in process at 10,000 advisories.)
  let starting: Promise<JobWorker | undefined> | undefined;
  const started = () => (starting ??= startHelperWorker(WORKER_URL, 'keyring'));
  if (ahead !== undefined && ahead.keys.length > 0) void started().then((worker) => worker?.send({ type: 'ahead', ...ahead }));
  const inThread = inThreadCore();
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
    async check(armored, now, path) {
      const worker = await started();
      const check = () => here(() => inThread.check(armored, now, path));
      if (worker === undefined) return check();
      return ask<KeyCheck>(worker, { type: 'check', armored, now, path }).catch(check);
    },
    async recipients(keys, date, kept) {
      const worker = await started();
      const recipients = () => here(() => inThread.recipients(keys, date, kept));
      if (worker === undefined) return recipients();
      const header = nextHeader++;
      let set = kept === undefined ? undefined : recipientSetOfChecks(kept);
      if (set === undefined) {
        set = await ask<RecipientSet>(worker, { type: 'recipients', keys, date, header }).catch(() => undefined);
        if (set === undefined) return recipients();
      } else {
        worker.send({ type: 'kept-recipients', keys, checks: kept, header }); // only the header to make, from the checks
      }
      const { recipientKeys } = set;
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
          if (made === undefined || made.recipientKeys.join('\n') !== recipientKeys.join('\n')) {
            headersStarted++;
            return here(() => sealerFor(signer, keys, date, kept));
          }
          return sealerFromHeader(signer, made, { date });
        },
      };
    },
    async close() {
      await (await starting)?.stop();
    },
  };
}

function inThreadCore(): KeyringCore {
  let headersStarted = 0;
  return {
    check: (armored, now, path) => checkKey(armored, now, path),
    async recipients(keys, date, kept) {
      const set = kept === undefined ? await recipientSetOf(keys, date) : recipientSetOfChecks(kept);
      return {
        ...set,
        sealer(signer) {
          headersStarted++;
          return sealerFor(signer, keys, date, kept);
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

/** createSealer for these keys at `date`, or, from their kept checks, a sealer with the same recipients. */
async function sealerFor(signer: SecretKey, keys: readonly KeyFile[], date: Date, kept: readonly KeyCheck[] | undefined): Promise<Sealer> {
  if (kept === undefined) return createSealer(signer, await certificatesOf(keys), { date });
  return sealerFromHeader(signer, await recipientHeaderFromChecks(keys, kept), { date });
}

async function ask<T>(worker: JobWorker, job: object): Promise<T> {
  return (await worker.job(job)).result as T;
}

