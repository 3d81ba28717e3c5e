/**
 * The build state (docs/build.md "State"): what the previous build did, kept IN the output as
 * `.state.pgp`, signed by and encrypted to the publisher key, and verified before use. With it a
 * build is a function of (content, keys, now, previous output), so any runner that has the
 * previous output can continue: sequence numbers keep increasing, unchanged items keep their
 * files, and orphans keep their grace period.
 */
import { isAscii } from 'node:buffer';
import { itemPath } from '../../feed/paths.js';
import { buildError } from '../errors.js';
import type { OutputListing } from '../list-output.js';
import type { BaseView } from './state-changes.js';
import { fromStored, STORED_FORMAT, type StoredState } from './stored-state.js';
import { writeStoredState } from './write-stored-state.js';

/** Written as stored-state.ts describes; in memory, every item is an ItemState. */
export const STATE_FORMAT = STORED_FORMAT;
/** Format 2 wrote every item whole (~3x the bytes); parseState still reads it. */
const STATE_FORMAT_2 = 'advisory-feed-state/2';
/** Format 1 also kept each item's path and recipient set; parseState still reads it. */
const STATE_FORMAT_1 = 'advisory-feed-state/1';
export const STATE_FILE = '.state.pgp';

/**
 * One item of a group. Its file is `items/<sha256>.pgp` (itemPath) and it was sealed for its
 * group's `recipientsId`: a build seals every item of a group anew when the recipient set
 * changes, so neither is kept per item (~40% of the state at 100,000 items).
 */
export interface ItemState {
  /** viewHash of the view it was rendered from (with BuildState.renderer: reuse without rendering). */
  view?: string;
  /** SHA-256 of the item plaintext (canonical JSON) that was sealed. */
  plaintext: string;
  size: number;
  /** SHA-256 of the sealed file, which names it. */
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
  /** Recipient set the index and every item were sealed for (Sealer.recipientsId). */
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
  /** Listing and key page path -> hash of what it was rendered from: unchanged pages are not rendered again. */
  publicPages?: Record<string, string>;
  /** Files no index or public listing names any more (relative to --out) -> since when (ISO). */
  orphans: Record<string, string>;
  /**
   * Raised when a build writes a new state while a changes file (state-changes.ts) exists, so
   * that changes left behind for an older state are told from changes for another one. Absent: 0.
   */
  generation?: number;
}

/** What read-state hands on. */
export interface PreviousBuild {
  /** undefined on a fresh start (no .state.pgp); with a changes file, the state they make. */
  state: BuildState | undefined;
  /** `.state.pgp` as read, which the next changes are made against (state-changes.ts). */
  base?: BaseView;
  /** SHA-256 of `.state.pgp`'s plaintext: an identical new state is not rewritten. */
  stateHash: string | undefined;
  /** SHA-256 of the changes file's plaintext, when its changes were applied. */
  changesHash?: string;
  /**
   * The previous state was read in the format this build writes (STATE_FORMAT), so a new state
   * equal to it (canonicalEqual) need not be written again; one of an older format is, to bring
   * the file up to date.
   */
  stateCurrent?: boolean;
  /**
   * Every file under --out (relative, forward slashes), found when the build started, each
   * group's items by hash apart from the others (list-output.ts).
   */
  files: OutputListing;
}

export function emptyState(publisher: string): BuildState {
  return { format: STATE_FORMAT, publisher, groups: {}, public: {}, orphans: {} };
}

/** The state as canonical JSON bytes (feed-format §4): ~11 MB at 10,000 advisories. */
export function encodeState(state: BuildState): Uint8Array {
  return stateBytes(stateParts(state));
}

/**
 * The state's canonical JSON in pieces (one per group's items, the views, ...), written straight
 * from the state (write-stored-state.ts): sealed, and hashed on the way, without joining them,
 * so no string of the whole document (~80 MB at 50,000 advisories) is ever made.
 */
export function stateParts(state: BuildState): string[] {
  return writeStoredState(state);
}

/** The parts as one UTF-8 buffer, written in place (no second copy of the pieces). */
export function stateBytes(parts: readonly string[]): Uint8Array {
  let size = 0;
  for (const part of parts) size += Buffer.byteLength(part, 'utf8');
  const bytes = Buffer.allocUnsafe(size);
  let at = 0;
  for (const part of parts) at += bytes.write(part, at, 'utf8');
  return bytes;
}

/** Checks the shape of a decrypted state (signed by us, but a bug or an old format must not crash us). */
export function parseState(plaintext: Uint8Array): BuildState {
  return readStateDocument(plaintext).state;
}

/** parseState, also saying whether the state was written in the current format (not converted). */
export function readStateDocument(plaintext: Uint8Array): { state: BuildState; current: boolean } {
  let doc: unknown;
  try {
    doc = JSON.parse(decodeUtf8(plaintext));
  } catch (cause) {
    throw invalid('JSON that does not parse', cause);
  }
  const state = doc as BuildState;
  const format = (doc as { format?: unknown } | null)?.format;
  if (typeof doc !== 'object' || doc === null || (format !== STATE_FORMAT && format !== STATE_FORMAT_2 && format !== STATE_FORMAT_1)) throw invalid(`format ${JSON.stringify(format)}`);
  for (const key of ['groups', 'public', 'orphans'] as const) {
    if (typeof state[key] !== 'object' || state[key] === null) throw invalid(`no ${key}`);
  }
  if (state.generation !== undefined && !(Number.isSafeInteger(state.generation) && state.generation >= 0)) throw invalid('a broken generation');
  for (const [id, group] of Object.entries(state.groups)) {
    if (!Number.isSafeInteger(group.sequence) || typeof group.items !== 'object' || group.items === null) throw invalid(`a broken entry for group ${id}`);
  }
  if (format === STATE_FORMAT_1) return { state: fromFormat1(state), current: false };
  if (format === STATE_FORMAT_2) return { state: { ...state, format: STATE_FORMAT }, current: false };
  const parsed = fromStored(doc as StoredState);
  if (typeof parsed === 'string') throw invalid(parsed);
  return { state: parsed, current: true };
}

/**
 * A format-1 state as the current format. An item sealed for another recipient set than its group's, or
 * kept under another name than its hash, is dropped: it is sealed anew, and its old file becomes
 * an orphan like any unknown file under groups/ (never the case after a successful build).
 */
function fromFormat1(state: BuildState): BuildState {
  for (const group of Object.values(state.groups)) {
    const items: Record<string, ItemState> = {};
    for (const [id, old] of Object.entries(group.items as Record<string, ItemState & { recipientsId?: string; path?: string }>)) {
      const { recipientsId, path, ...item } = old;
      if (recipientsId === group.recipientsId && path === itemPath(item.sha256)) items[id] = item;
    }
    group.items = items;
  }
  return { ...state, format: STATE_FORMAT };
}

/**
 * UTF-8 text, refusing invalid sequences. A state is ASCII unless a path or id is not, and ASCII
 * is read as Latin-1, the same characters (~2 ms instead of ~45 ms for 16 MB at 10,000 advisories).
 */
function decodeUtf8(bytes: Uint8Array): string {
  if (isAscii(bytes)) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

function invalid(got: string, cause?: unknown) {
  return buildError('BUILD_STATE_INVALID', `Expected a build state of format ${STATE_FORMAT}, got ${got}`, {
    cause,
    hint: `Restore ${STATE_FILE} from the previous deployment, or move it aside to start fresh (see docs/build.md "State").`,
  });
}
