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
import type { BuildState, GroupState, ItemState } from './build-state.js';

export const STATE_CHANGES_FILE = '.state-changes.pgp';
export const CHANGES_FORMAT = 'advisory-feed-state-changes/1';

/**
 * Changes are written while they hold at most this share of the state's entries (items, public
 * files and signatures, views, pages, orphans); above it the build writes a new base. A
 * suspension at 10,000 advisories (one group's ~10,000 items) is under it.
 */
export const CHANGES_SHARE = 1 / 8;

export type Changed<T> = Record<string, T | null>;

/** The maps of BuildState kept as key -> value changes. */
export const MAPS = ['public', 'publicViews', 'publicPages', 'orphans'] as const;
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
 * The base as changes are made against it: its maps, some of them changed in place by
 * applyChanges, with the base's own value of each entry it changed (undefined: none). Copying
 * the maps instead took ~0.1 s at 10,000 advisories (nine groups' items and the public files).
 */
export interface BaseView {
  /** Group id -> its items, for each group the base has. */
  groups: Map<string, BaseMap<ItemState>>;
  maps: Partial<Record<MapName, BaseMap<string>>>;
  publicLive: readonly string[] | undefined;
}

interface BaseMap<T> {
  current: Record<string, T>;
  was: Map<string, T | undefined>;
}

/** A base no changes were applied to. */
export function baseView(state: BuildState): BaseView {
  const maps: BaseView['maps'] = {};
  for (const name of MAPS) {
    const map = state[name];
    if (map !== undefined) maps[name] = { current: map, was: new Map() };
  }
  return {
    groups: new Map(Object.entries(state.groups).map(([id, group]) => [id, { current: group.items, was: new Map() }])),
    maps,
    publicLive: state.publicLive,
  };
}

/**
 * What `next` changes in `base`, or undefined when that is more than `limit` entries (write a
 * new base instead). The two states share most of their objects, so most comparisons are `===`.
 */
export function diffState(base: BaseView, next: BuildState, name: BaseName, limit: number): StateChanges | undefined {
  let count = 0;
  const counted = <T>(changed: Changed<T>): Changed<T> => {
    count += Object.keys(changed).length;
    return changed;
  };
  const groups: StateChanges['groups'] = {};
  for (const id of base.groups.keys()) if (!Object.hasOwn(next.groups, id)) groups[id] = null;
  for (const [id, group] of Object.entries(next.groups)) {
    const { items, ...fields } = group;
    groups[id] = { ...fields, items: counted(diffMap(base.groups.get(id), items, sameItem, limit - count)) };
    if (count > limit) return undefined;
  }
  const maps = {} as StateChanges['maps'];
  for (const map of MAPS) {
    const after = next[map];
    maps[map] = after === undefined ? null : counted(diffMap(base.maps[map], after, (a, b) => a === b, limit - count));
    if (count > limit) return undefined;
  }
  // Changed as a sorted set: a list that is not one (never made by a build) goes whole, in a base.
  if (!sortedSet(next.publicLive ?? []) || !sortedSet(base.publicLive ?? [])) return undefined;
  const publicLive = next.publicLive === undefined ? null : counted(diffList(base.publicLive ?? [], next.publicLive));
  if (count > limit) return undefined;
  return { format: CHANGES_FORMAT, base: name, whole: wholeFields(next), groups, maps, publicLive };
}

/**
 * The state the base and its changes make, made from the base in place (`base` is that state
 * afterwards), and the view of the base that the next changes are made against.
 */
export function applyChanges(base: BuildState, changes: StateChanges): { state: BuildState; base: BaseView } {
  const view = baseView(base);
  const groups: Record<string, GroupState> = {};
  for (const [id, group] of Object.entries(base.groups)) if (!Object.hasOwn(changes.groups, id)) groups[id] = group;
  for (const [id, group] of Object.entries(changes.groups)) {
    if (group === null) continue;
    const { items, ...fields } = group;
    groups[id] = { ...fields, items: applyMap(view.groups.get(id), items) };
  }
  const state: BuildState = { ...(changes.whole as Partial<BuildState>), format: base.format, publisher: base.publisher, groups, public: {}, orphans: {} };
  if (base.generation !== undefined) state.generation = base.generation;
  for (const name of MAPS) {
    const changed = changes.maps[name];
    if (changed !== null) state[name] = applyMap(view.maps[name], changed);
    else if (name === 'public' || name === 'orphans') state[name] = {};
    else delete state[name];
  }
  if (changes.publicLive !== null) state.publicLive = applyList(base.publicLive ?? [], changes.publicLive);
  else delete state.publicLive;
  return { state, base: view };
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

/**
 * The entries of `after` that differ from the base's, and `null` for those it dropped; stops
 * past `limit`. `base` undefined: the base had no such map.
 */
function diffMap<T>(base: BaseMap<T> | undefined, after: Record<string, T>, same: (a: T, b: T) => boolean, limit: number): Changed<T> {
  const changed: Changed<T> = {};
  const current = base?.current ?? {};
  const was = base?.was ?? new Map<string, T | undefined>();
  let count = 0;
  for (const key of Object.keys(after)) {
    const value = after[key] as T;
    const before = was.has(key) ? was.get(key) : Object.hasOwn(current, key) ? current[key] : undefined;
    if (before !== undefined && same(before, value)) continue;
    put<T | null>(changed, key, value);
    if (++count > limit) return changed;
  }
  const dropped = (key: string) => {
    put<T | null>(changed, key, null);
    return ++count > limit;
  };
  for (const key of Object.keys(current)) {
    if (Object.hasOwn(after, key) || (was.has(key) && was.get(key) === undefined)) continue;
    if (dropped(key)) return changed;
  }
  for (const [key, before] of was) {
    if (before === undefined || Object.hasOwn(current, key) || Object.hasOwn(after, key)) continue;
    if (dropped(key)) return changed;
  }
  return changed;
}

/**
 * The changes made to the base's map in place, each replaced entry's first value kept in its
 * `was`; `base` undefined (the base had no such map): a new map.
 */
function applyMap<T>(base: BaseMap<T> | undefined, changed: Changed<T>): Record<string, T> {
  const map = base?.current ?? {};
  const was = base?.was ?? new Map<string, T | undefined>();
  for (const key of Object.keys(changed)) {
    if (!was.has(key)) was.set(key, Object.hasOwn(map, key) ? map[key] : undefined);
    const value = changed[key];
    if (value === null || value === undefined) delete map[key];
    else put(map, key, value);
  }
  return map;
}

/** The entries added to and dropped from a sorted set (sortedSet): one walk through both. */
function diffList(before: readonly string[], after: readonly string[]): Changed<true> {
  const changed: Changed<true> = {};
  if (before === after) return changed;
  let i = 0;
  let j = 0;
  while (i < before.length || j < after.length) {
    const old = before[i];
    const now = after[j];
    if (old === now) {
      i++;
      j++;
    } else if (now === undefined || (old !== undefined && old < now)) {
      put<true | null>(changed, old as string, null);
      i++;
    } else {
      put<true | null>(changed, now, true);
      j++;
    }
  }
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
