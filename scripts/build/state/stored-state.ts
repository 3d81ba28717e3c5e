/**
 * The build state as written to `.state.pgp` (format 3), and back. In memory every item is an
 * ItemState; on disk a view that several groups see is written once. At 10,000 advisories there
 * are 90,000 items but only ~20,000 distinct views, and the two 64-character hashes of a view
 * were two thirds of each item: the groups' items went from ~23 MB to ~11 MB, and the state from
 * ~31 MB to ~16 MB, which every rebuild reads, decrypts, verifies and parses, and every changed
 * build hashes, encrypts and signs.
 *
 *   views:  advisory id -> its distinct [viewHash, plaintextHash] pairs, sorted ("" = no view hash)
 *   groups: group id -> the GroupState, with each item as [pair index, sha256, size]
 *   public, publicSigned: public path -> SHA-256, split by whether a `.asc` signature is beside it;
 *           BuildState.publicLive is every such path and signature, so it is not written (~2.6 MB)
 */
import type { BuildState, GroupState, ItemState } from './build-state.js';

export const STORED_FORMAT = 'advisory-feed-state/3';

type Pair = [view: string, plaintext: string];
type StoredItem = [pair: number, sha256: string, size: number];

export interface StoredState extends Omit<BuildState, 'format' | 'groups'> {
  format: typeof STORED_FORMAT;
  views: Record<string, Pair[]>;
  groups: Record<string, Omit<GroupState, 'items'> & { items: Record<string, StoredItem> }>;
  /** The public files with a signature; `public` holds the others. */
  publicSigned?: Record<string, string>;
}

/**
 * The on-disk form of `state` (deterministic: the pairs are sorted, not in order of first use).
 * Builds write its canonical JSON directly (write-stored-state.ts), and are tested against this.
 */
export function toStored(state: BuildState): StoredState {
  const views = storedViews(state);
  const groups: StoredState['groups'] = {};
  for (const [groupId, group] of Object.entries(state.groups)) {
    const items: Record<string, StoredItem> = {};
    for (const [id, item] of Object.entries(group.items)) items[id] = [views.indexOf(id, item.view ?? '', item.plaintext), item.sha256, item.size];
    groups[groupId] = { ...group, items };
  }
  const { format: _format, groups: _groups, public: _public, publicLive: _live, ...rest } = state;
  return { ...rest, ...storedPublic(state), format: STORED_FORMAT, views: Object.fromEntries(views.ids().map((id) => [id, views.pairsOf(id)])), groups };
}

/** The stored `views`: each advisory's distinct [view hash, plaintext hash] pairs over every group, sorted. */
export function storedViews(state: BuildState): {
  /** Advisory ids, in order of first use. */
  ids(): string[];
  pairsOf(id: string): Pair[];
  /** The index of an item's pair in its advisory's list. */
  indexOf(id: string, view: string, plaintext: string): number;
} {
  const pairs = new Map<string, Pair[]>();
  for (const group of Object.values(state.groups)) {
    const { items } = group;
    for (const id of Object.keys(items)) {
      const item = items[id] as ItemState;
      const view = item.view ?? '';
      const list = pairs.get(id);
      if (list === undefined) pairs.set(id, [[view, item.plaintext]]);
      else if (pairIndex(list, view, item.plaintext) < 0) list.push([view, item.plaintext]);
    }
  }
  for (const list of pairs.values()) list.sort((a, b) => compare(a[0], b[0]) || compare(a[1], b[1]));
  return {
    ids: () => [...pairs.keys()],
    pairsOf: (id) => pairs.get(id) ?? [],
    indexOf: (id, view, plaintext) => pairIndex(pairs.get(id) ?? [], view, plaintext),
  };
}

/**
 * `public` split by signature, and publicLive only if it is not exactly what that split implies.
 * The maps are filled in sorted order, so canonical JSON writes them as they are (~54,000 files
 * at 10,000 advisories) instead of copying them sorted.
 */
export function storedPublic(state: BuildState): Pick<StoredState, 'public' | 'publicSigned' | 'publicLive'> {
  const live = state.publicLive;
  if (live === undefined) return { public: state.public };
  const files = new Set(live);
  const unsigned: Record<string, string> = {};
  const signed: Record<string, string> = {};
  let implied = true;
  for (const file of Object.keys(state.public).sort()) {
    if (!files.has(file)) implied = false;
    if (files.has(`${file}.asc`)) signed[file] = state.public[file] as string;
    else unsigned[file] = state.public[file] as string;
  }
  implied &&= files.size === live.length && live.length === Object.keys(unsigned).length + 2 * Object.keys(signed).length;
  return implied ? { public: unsigned, publicSigned: signed } : { public: state.public, publicLive: live };
}

/** The public files and BuildState.publicLive from their stored form. */
function readPublic(doc: StoredState): Pick<BuildState, 'public' | 'publicLive'> | string {
  if (doc.publicSigned === undefined) return { public: doc.public, ...(doc.publicLive === undefined ? {} : { publicLive: doc.publicLive }) };
  if (typeof doc.publicSigned !== 'object' || doc.publicSigned === null || doc.publicLive !== undefined) return 'a broken list of public files';
  const signed = Object.keys(doc.publicSigned);
  const live = [...Object.keys(doc.public), ...signed, ...signed.map((file) => `${file}.asc`)].sort();
  return { public: { ...doc.public, ...doc.publicSigned }, publicLive: live };
}

/**
 * The in-memory state from a parsed format-3 document, or a description of what is wrong with it
 * (the state is signed by us, but a bug must be reported, not crash the build).
 */
export function fromStored(doc: StoredState): BuildState | string {
  if (typeof doc.views !== 'object' || doc.views === null) return 'no views';
  const published = readPublic(doc);
  if (typeof published === 'string') return published;
  const groups: Record<string, GroupState> = {};
  // Keys and indexes rather than entries and destructuring: 90,000 items at 10,000 advisories,
  // read by every rebuild (~250 -> ~180 ms).
  for (const groupId of Object.keys(doc.groups)) {
    const group = doc.groups[groupId] as StoredState['groups'][string];
    const items: Record<string, ItemState> = {};
    for (const id of Object.keys(group.items)) {
      const stored = group.items[id];
      const pair = Array.isArray(stored) && stored.length === 3 ? pairAt(doc.views, id, stored[0]) : undefined;
      if (pair === undefined || typeof stored?.[1] !== 'string' || !Number.isSafeInteger(stored[2])) return `a broken item ${id} in group ${groupId}`;
      const view = pair[0];
      // Keys in canonical order, as format 2 had them.
      items[id] = view === '' ? { plaintext: pair[1], sha256: stored[1], size: stored[2] } : { plaintext: pair[1], sha256: stored[1], size: stored[2], view };
    }
    groups[groupId] = { ...group, items };
  }
  const { format: _format, views: _views, groups: _groups, public: _public, publicSigned: _signed, publicLive: _live, ...rest } = doc;
  return { ...rest, ...published, format: STORED_FORMAT, groups };
}

function pairAt(views: Record<string, Pair[]>, id: string, index: unknown): Pair | undefined {
  const list = Object.hasOwn(views, id) ? views[id] : undefined;
  const pair = Array.isArray(list) && Number.isSafeInteger(index) ? list[index as number] : undefined;
  return Array.isArray(pair) && typeof pair[0] === 'string' && typeof pair[1] === 'string' ? pair : undefined;
}

function pairIndex(list: readonly Pair[], view: string, plaintext: string): number {
  for (let i = 0; i < list.length; i++) if (list[i]?.[0] === view && list[i]?.[1] === plaintext) return i;
  return -1;
}

/** By UTF-16 code units, as canonical JSON sorts keys. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
