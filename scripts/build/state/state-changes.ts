/**
 * The build state's changes file (docs/build.md "The build state"): `.state-changes.pgp`, sealed
 * as `.state.pgp` is (canonical JSON, signed by and encrypted to the publisher), holding only
 * what differs from that state, the base. An edit at 10,000 advisories changes ~25 of the
 * state's ~200,000 entries; rewriting, hashing and sealing all 16 MB of it took ~0.6-0.8 s of
 * the build's thread, and ~6 s at 50,000 (docs/performance-log.md, round 25).
 *
 * The changes are always relative to the base, never to the previous changes, so nothing is
 * composed: each build that writes them diffs its new state against the base it read. They
 * name the base by the SHA-256 of its plaintext and by its `generation`, which a build raises
 * when it writes a new base while a changes file exists; reading them, read-state tells changes
 * left behind by a build killed before it removed them (an older generation: ignored) from
 * changes that belong to another base (BUILD_STATE_INVALID).
 *
 *   whole:      every field of the state that is not one of the maps below (renderer, ...)
 *   groups:     group id -> null (gone), or its fields with `items`: advisory id -> item | null
 *   maps:       public, publicViews, publicPages, orphans: null (absent), or key -> value | null
 *   publicLive: null (absent), or path -> true (added) | null (removed)
 */
import { SHA256_HEX } from '../../feed/hash.js';
import type { BuildState, GroupState, ItemState } from './build-state.js';

export const STATE_CHANGES_FILE = '.state-changes.pgp';
export const CHANGES_FORMAT = 'advisory-feed-state-changes/1';

/**
 * Changes are written while they hold at most this share of the base's entries (items, public
 * files and signatures, views, pages, orphans); above it the build writes a new base. A
 * suspension at 10,000 advisories (one group's ~10,000 items) is under it.
 */
export const CHANGES_SHARE = 1 / 8;

type Changed<T> = Record<string, T | null>;

/** The maps of BuildState kept as key -> value changes. */
const MAPS = ['public', 'publicViews', 'publicPages', 'orphans'] as const;
type MapName = (typeof MAPS)[number];

export interface BaseName {
  /** SHA-256 of the base's plaintext. */
  sha256: string;
  generation: number;
}

export interface StateChanges {
  format: typeof CHANGES_FORMAT;
  base: BaseName;
  whole: Record<string, unknown>;
  groups: Record<string, (Omit<GroupState, 'items'> & { items: Changed<ItemState> }) | null>;
  maps: Record<MapName, Changed<string> | null>;
  publicLive: Changed<true> | null;
}

/**
 * What `next` changes in `base`, or undefined when that is more than `limit` entries (write a
 * new base instead). The two states share most of their objects, so most comparisons are `===`.
 */
export function diffState(base: BuildState, next: BuildState, name: BaseName, limit: number): StateChanges | undefined {
  let count = 0;
  const counted = <T>(changed: Changed<T>): Changed<T> => {
    count += Object.keys(changed).length;
    return changed;
  };
  const groups: StateChanges['groups'] = {};
  for (const id of Object.keys(base.groups)) if (!Object.hasOwn(next.groups, id)) groups[id] = null;
  for (const [id, group] of Object.entries(next.groups)) {
    const { items, ...fields } = group;
    groups[id] = { ...fields, items: counted(diffMap(base.groups[id]?.items ?? {}, items, sameItem, limit - count)) };
    if (count > limit) return undefined;
  }
  const maps = {} as StateChanges['maps'];
  for (const name of MAPS) {
    const after = next[name];
    maps[name] = after === undefined ? null : counted(diffMap(base[name] ?? {}, after, (a, b) => a === b, limit - count));
    if (count > limit) return undefined;
  }
  // Read back as a sorted set: a list that is not one (never made by a build) goes whole, in a base.
  if (next.publicLive !== undefined && !sortedSet(next.publicLive)) return undefined;
  const publicLive = next.publicLive === undefined ? null : counted(diffList(base.publicLive ?? [], next.publicLive));
  if (count > limit) return undefined;
  return { format: CHANGES_FORMAT, base: name, whole: wholeFields(next), groups, maps, publicLive };
}

/** The state the base and its changes make; the base is not modified (a map changed is a copy). */
export function applyChanges(base: BuildState, changes: StateChanges): BuildState {
  const groups: Record<string, GroupState> = {};
  for (const [id, group] of Object.entries(base.groups)) if (!Object.hasOwn(changes.groups, id)) groups[id] = group;
  for (const [id, group] of Object.entries(changes.groups)) {
    if (group === null) continue;
    const { items, ...fields } = group;
    groups[id] = { ...fields, items: applyMap(base.groups[id]?.items ?? {}, items) };
  }
  const state: BuildState = { ...(changes.whole as Partial<BuildState>), format: base.format, publisher: base.publisher, groups, public: {}, orphans: {} };
  if (base.generation !== undefined) state.generation = base.generation;
  for (const name of MAPS) {
    const changed = changes.maps[name];
    if (changed !== null) state[name] = applyMap(base[name] ?? {}, changed);
    else if (name === 'public' || name === 'orphans') state[name] = {};
    else delete state[name];
  }
  if (changes.publicLive !== null) state.publicLive = applyList(base.publicLive ?? [], changes.publicLive);
  else delete state.publicLive;
  return state;
}

/** How many entries the maps of a state hold: the measure of CHANGES_SHARE. */
export function stateEntries(state: BuildState): number {
  let count = state.publicLive?.length ?? 0;
  for (const group of Object.values(state.groups)) count += Object.keys(group.items).length;
  for (const name of MAPS) count += Object.keys(state[name] ?? {}).length;
  return count;
}

/** The fields carried whole: everything but the maps, the format and what the base fixes. */
function wholeFields(state: BuildState): Record<string, unknown> {
  const { format: _f, publisher: _p, generation: _g, groups: _groups, publicLive: _live, ...rest } = state;
  const whole: Record<string, unknown> = { ...rest };
  for (const name of MAPS) delete whole[name];
  return whole;
}

/** The entries of `after` that differ from `before`, and `null` for those it dropped; stops past `limit`. */
function diffMap<T>(before: Record<string, T>, after: Record<string, T>, same: (a: T, b: T) => boolean, limit: number): Changed<T> {
  const changed: Changed<T> = {};
  let count = 0;
  for (const key of Object.keys(after)) {
    const value = after[key] as T;
    if (Object.hasOwn(before, key) && same(before[key] as T, value)) continue;
    put<T | null>(changed, key, value);
    if (++count > limit) return changed;
  }
  for (const key of Object.keys(before)) {
    if (Object.hasOwn(after, key)) continue;
    put<T | null>(changed, key, null);
    if (++count > limit) return changed;
  }
  return changed;
}

function applyMap<T>(before: Record<string, T>, changed: Changed<T>): Record<string, T> {
  if (isEmpty(changed)) return before;
  const after: Record<string, T> = { ...before };
  for (const key of Object.keys(changed)) {
    const value = changed[key];
    if (value === null || value === undefined) delete after[key];
    else put(after, key, value);
  }
  return after;
}

function diffList(before: readonly string[], after: readonly string[]): Changed<true> {
  if (before === after) return {};
  const had = new Set(before);
  const has = new Set(after);
  const changed: Changed<true> = {};
  for (const entry of after) if (!had.has(entry)) put<true | null>(changed, entry, true);
  for (const entry of before) if (!has.has(entry)) put<true | null>(changed, entry, null);
  return changed;
}

/** The list with the changes made, sorted as the seal stage sorts BuildState.publicLive. */
function applyList(before: readonly string[], changed: Changed<true>): string[] {
  if (isEmpty(changed)) return [...before];
  const entries = new Set(before);
  for (const [entry, present] of Object.entries(changed)) {
    if (present === null) entries.delete(entry);
    else entries.add(entry);
  }
  return [...entries].sort();
}

function isEmpty(record: object): boolean {
  for (const _key in record) return false;
  return true;
}

/** Strictly ascending: sorted as applyList sorts, no entry twice. */
function sortedSet(list: readonly string[]): boolean {
  for (let i = 1; i < list.length; i++) if (!((list[i - 1] as string) < (list[i] as string))) return false;
  return true;
}

/** record[key] = value, also for a key `__proto__` (an own property, as JSON.parse makes it). */
function put<T>(record: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
  else record[key] = value;
}

function sameItem(a: ItemState, b: ItemState): boolean {
  return a === b || (a.sha256 === b.sha256 && a.plaintext === b.plaintext && a.size === b.size && a.view === b.view);
}

/** A parsed changes document's shape, or a description of what is wrong with it (read-state reports it). */
export function checkChanges(doc: unknown): StateChanges | string {
  const changes = doc as StateChanges;
  if (typeof doc !== 'object' || doc === null || changes.format !== CHANGES_FORMAT) return `format ${JSON.stringify((doc as { format?: unknown } | null)?.format)}`;
  const { base } = changes;
  if (!isRecord(base) || typeof base.sha256 !== 'string' || !SHA256_HEX.test(base.sha256) || !Number.isSafeInteger(base.generation) || base.generation < 0) return 'no base';
  if (!isRecord(changes.whole) || !isRecord(changes.groups) || !isRecord(changes.maps)) return 'a broken document';
  for (const [id, group] of Object.entries(changes.groups)) {
    if (group === null) continue;
    if (!isRecord(group) || !Number.isSafeInteger(group.sequence) || !isRecord(group.items)) return `a broken entry for group ${id}`;
    for (const [item, value] of Object.entries(group.items)) if (value !== null && !isItem(value)) return `a broken item ${item} in group ${id}`;
  }
  for (const name of MAPS) {
    const changed = changes.maps[name];
    if (changed === undefined || (changed !== null && (!isRecord(changed) || !Object.values(changed).every((v) => v === null || typeof v === 'string')))) return `a broken ${name}`;
  }
  const live = changes.publicLive;
  if (live === undefined || (live !== null && (!isRecord(live) || !Object.values(live).every((v) => v === null || v === true)))) return 'a broken publicLive';
  return changes;
}

function isItem(value: unknown): value is ItemState {
  const item = value as ItemState;
  return isRecord(value) && typeof item.plaintext === 'string' && typeof item.sha256 === 'string' && Number.isSafeInteger(item.size) && (item.view === undefined || typeof item.view === 'string');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
