/**
 * The build state (docs/build.md "State"): what the previous build did, kept IN the output as
 * `.state.pgp`, signed by and encrypted to the publisher key, and verified before use. With it a
 * build is a function of (content, keys, now, previous output), so any runner that has the
 * previous output can continue: sequence numbers keep increasing, unchanged items keep their
 * files, and orphans keep their grace period.
 */
import { canonicalJson } from '../../feed/canonical-json.js';
import { buildError } from '../errors.js';

export const STATE_FORMAT = 'advisory-feed-state/1';
export const STATE_FILE = '.state.pgp';

export interface ItemState {
  /** viewHash of the view it was rendered from (with BuildState.renderer: reuse without rendering). */
  view?: string;
  /** SHA-256 of the item plaintext (canonical JSON) that was sealed. */
  plaintext: string;
  /** Recipient set it was sealed for (Sealer.recipientsId). */
  recipientsId: string;
  /** Relative to the group folder: `items/<sha256>.pgp`. */
  path: string;
  size: number;
  sha256: string;
}

export interface GroupState {
  sequence: number;
  generated: string;
  expires: string;
  /** SHA-256 of what the index says apart from sequence/generated/expires, plus the recipient set. */
  contentHash: string;
  /** SHA-256 of the sealed index file, to notice an index that is not the one we wrote. */
  indexSha256: string;
  recipientsId: string;
  /** Advisory id -> its item in this group. */
  items: Record<string, ItemState>;
}

export interface BuildState {
  format: typeof STATE_FORMAT;
  /** Fingerprint of the key that signed the state (the publisher key). */
  publisher: string;
  /** Fingerprint of the rendering code that made the items (render/renderer-id.ts). */
  renderer?: string;
  groups: Record<string, GroupState>;
  /** Public file path (relative to --out) -> SHA-256 of its bytes; `.asc` files are implied. */
  public: Record<string, string>;
  /** Hash of everything the public tier is rendered from; unchanged = skip rendering it. */
  publicInput?: string;
  /** Every public file and signature the previous build published. */
  publicLive?: string[];
  /** Hash of the program, key and rendering code of the public tier (not its views). */
  publicBase?: string;
  /** Public advisory id -> viewHash its page was rendered from: unchanged pages are not rendered again. */
  publicViews?: Record<string, string>;
  /** Files no index or public listing names any more (relative to --out) -> since when (ISO). */
  orphans: Record<string, string>;
}

/** What read-state hands on. */
export interface PreviousBuild {
  /** undefined on a fresh start (no .state.pgp). */
  state: BuildState | undefined;
  /** SHA-256 of the previous state's plaintext: an identical new state is not rewritten. */
  stateHash: string | undefined;
  /** Every file under --out (relative, forward slashes), found when the build started. */
  files: ReadonlySet<string>;
}

export function emptyState(publisher: string): BuildState {
  return { format: STATE_FORMAT, publisher, groups: {}, public: {}, orphans: {} };
}

/**
 * The state as canonical JSON bytes (feed-format §4), the same bytes canonicalJson gives, made
 * with one native JSON.stringify over a key-sorted copy: at 10,000 advisories the state is ~40 MB,
 * and canonicalJson's nested joins held ~2x more memory at once (~320 vs ~160 MB extra). Object
 * keys that look like array indexes would be ordered numerically by JSON.stringify, so a state
 * with one is left to canonicalJson.
 */
export function encodeState(state: BuildState): Uint8Array {
  let indexLike = false;
  const sorted = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(sorted);
    if (value === null || typeof value !== 'object') return value;
    const record = value as Record<string, unknown>;
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(record).sort()) {
      if (INDEX_LIKE.test(key)) indexLike = true;
      copy[key] = sorted(record[key]);
    }
    return copy;
  };
  const fast = JSON.stringify(sorted(state));
  return new TextEncoder().encode(indexLike ? canonicalJson(state) : fast);
}

const INDEX_LIKE = /^(?:0|[1-9]\d*)$/;

/** Checks the shape of a decrypted state (signed by us, but a bug or an old format must not crash us). */
export function parseState(plaintext: Uint8Array): BuildState {
  let doc: unknown;
  try {
    doc = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(plaintext));
  } catch (cause) {
    throw invalid('JSON that does not parse', cause);
  }
  const state = doc as BuildState;
  if (typeof doc !== 'object' || doc === null || state.format !== STATE_FORMAT) throw invalid(`format ${JSON.stringify(state?.format)}`);
  for (const key of ['groups', 'public', 'orphans'] as const) {
    if (typeof state[key] !== 'object' || state[key] === null) throw invalid(`no ${key}`);
  }
  for (const [id, group] of Object.entries(state.groups)) {
    if (!Number.isSafeInteger(group.sequence) || typeof group.items !== 'object' || group.items === null) throw invalid(`a broken entry for group ${id}`);
  }
  return state;
}

function invalid(got: string, cause?: unknown) {
  return buildError('BUILD_STATE_INVALID', `Expected a build state of format ${STATE_FORMAT}, got ${got}`, {
    cause,
    hint: `Restore ${STATE_FILE} from the previous deployment, or move it aside to start fresh (see docs/build.md "State").`,
  });
}
