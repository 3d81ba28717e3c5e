/**
 * What the stages of the build share: the options, and what each stage adds for the next. Every
 * field a stage fills is optional here; a stage reads its inputs with `need`, so running the
 * table out of order fails loudly instead of half-working.
 */
import type { Advisory, Content, LoadTally } from '../content/index.js';
import type { ContentProblem } from '../content/problems.js';
import type { GroupRecipients, Keyring, Sealer, SecretKey } from '../feed/openpgp.js';
import type { OutputListing } from './list-output.js';
import type { Plan } from './plan/index.js';
import type { RenderedViews } from './render.js';
import type { SealedOutput } from './seal.js';
import type { SealingFigures } from './seal/seal-items.js';
import type { PreviousBuild } from './state/build-state.js';
import type { UnlockedKey } from './unlock-key.js';
import type { BuildWarning } from './warnings.js';
import type { Journal } from './write/journal.js';
import type { TouchedLog } from './write/touched-log.js';
import type { StateGuard } from './write/state-guard.js';
import type { WriteFs } from './write/write-fs.js';

export interface BuildOptions {
  /** Content repository (advisories/, partners/), absolute. */
  root: string;
  /** Output folder, absolute. */
  out: string;
  /** The moment visibility, expiry and grace are computed for (--now). */
  now: Date;
  /** Working directory that relative key file paths in `env` resolve against. */
  cwd: string;
  /** Environment for the signing key variables (ADVISORY_FEED_SIGNING_KEY...). */
  env: Record<string, string | undefined>;
  /** Called as work advances, for a progress bar. */
  onProgress?: (stage: string, done: number, total: number) => void;
  /** File-system calls of the write stage; tests inject failures here. */
  fs?: WriteFs;
  /**
   * Worker threads that sign and seal new items (seal.ts); 0 seals in this thread. Default: one
   * per CPU core when there are enough new items to pay for starting them, else 0.
   */
  sealThreads?: number;
  /**
   * Render the public site in a worker thread (public/site-renderer.ts), started as the seal
   * stage begins. Default: when the public tier has at least SITE_WORKER_MIN_VIEWS advisories
   * and 1 to SITE_WORKER_MAX_PAGES of their pages are to be rendered (seal.ts).
   */
  siteWorker?: boolean;
  /**
   * Open the previous state in a worker thread while `load` runs (open-state.ts). Default: when
   * the sealed state has at least STATE_WORKER_MIN_BYTES.
   */
  stateWorker?: boolean;
  /**
   * The largest share of the previous state's entries that a changes file may hold
   * (state/state-changes.ts); above it a whole new state is written. Default CHANGES_SHARE (1/8);
   * 0 always writes the whole state.
   */
  stateChangesShare?: number;
  /**
   * Inspect the partner keys, and make the groups' recipient sets and headers, in a worker thread
   * (feed/openpgp/keyring.ts), started by `load`. Default: from KEYRING_WORKER_MIN_KEYS key files.
   */
  keyringWorker?: boolean;
}

/** Per group (and the public tier), what the build did: the CLI's summary table. */
export interface GroupReport {
  group: string;
  public: boolean;
  recipients: number;
  advisories: number;
  written: number;
  reused: number;
}

/** How long one stage of the table took (pipeline.ts). */
export interface StageTiming {
  stage: string;
  ms: number;
}

export interface BuildContext {
  options: BuildOptions;
  warnings: BuildWarning[];
  /** The seal stage empties `advisories` and unsets `plan` once the groups are sealed (memory). */
  content?: Content;
  problems?: ContentProblem[];
  /** Each advisory's key in the advisory cache (load-content.ts), for the view hash cache. */
  sourceKeys?: ReadonlyMap<Advisory, string>;
  /** How many advisories load parsed, and how many it took from the advisory cache. */
  loaded?: LoadTally;
  /** The partner keys (load inspects them; recipients and seal use them); closed by runBuild. */
  keyring?: Keyring;
  /** Each members' group's recipients, by group id, being worked out (recipients.ts), awaited by seal. */
  recipients?: Map<string, Promise<GroupRecipients>>;
  /** The signing key being unlocked (unlock-key.ts), awaited by open-state and check-key. */
  signerUnlocking?: Promise<UnlockedKey>;
  signer?: SecretKey;
  /** Where the signing key came from (a variable name, a file, or the demo key); never the key. */
  signerSource?: string;
  /** Seals the build state to the publisher key itself. */
  stateSealer?: Sealer;
  /** Every file under --out when the build started (list-output.ts), awaited by read-state. */
  outputListing?: Promise<OutputListing>;
  /**
   * The previous state's verified plaintext, being opened (open-state.ts), awaited by read-state;
   * undefined when open-state found no state file.
   */
  stateOpening?: Promise<Uint8Array | undefined>;
  /** The same for the state's changes file (state/state-changes.ts). */
  changesOpening?: Promise<Uint8Array | undefined>;
  /** Whether open-state opens the previous state in a worker thread, on the other core. */
  stateAside?: boolean;
  /** Aborted when the build ends, to stop work still running for it (the state's opening). */
  ending: AbortController;
  previous?: PreviousBuild;
  plan?: Plan;
  rendered?: RenderedViews;
  sealed?: SealedOutput;
  /** The undo log of every file this build placed (seal writes new items, write the rest). */
  journal?: Journal;
  /** The public files this build changes, written down before (write/touched-log.ts). */
  touched?: TouchedLog;
  /** The state files as open-state found them, checked before each write (write/state-guard.ts). */
  stateGuard?: StateGuard;
  /** The lock was found taken over (lock.ts). */
  lockLost?: boolean;
  report: GroupReport[];
  /** Every stage run, in order, with its wall time. */
  timings: StageTiming[];
  /** The seal stage's new items (none sealed: all zero). */
  sealing?: SealingFigures;
  /** Files written by the write stage (relative to --out), in order. */
  written: string[];
  removed: string[];
}

export function createContext(options: BuildOptions): BuildContext {
  return { options, warnings: [], report: [], timings: [], written: [], removed: [], ending: new AbortController() };
}

/** The value a previous stage left in the context; throws if that stage has not run. */
export function need<K extends keyof BuildContext>(ctx: BuildContext, key: K): NonNullable<BuildContext[K]> {
  const value = ctx[key];
  if (value === undefined || value === null) throw new Error(`build: stage order broken, ${String(key)} is not set yet`);
  return value as NonNullable<BuildContext[K]>;
}
