/**
 * The stored state's canonical JSON (feed-format §4), written straight from the in-memory state:
 * exactly the text of `canonicalJson(toStored(state))` (stored-state.ts defines the form), without
 * building the stored document first. toStored makes an array per item and an object per group
 * (90,000 items at 10,000 advisories), and canonical JSON then checks and copies them again:
 * ~0.4 s of every build that changes the state. Here each map's keys are sorted once and each
 * entry is written as it is read.
 *
 * test/build/state/write-stored-state.test.ts compares the text with toStored + canonicalJson for
 * arbitrary states, integer-like and unusual keys included.
 */
import { canonicalJson } from '../../feed/canonical-json.js';
import type { BuildState, GroupState } from './build-state.js';
import { STORED_FORMAT, storedPublic, storedViews } from './stored-state.js';

type Views = ReturnType<typeof storedViews>;

/** The state's canonical JSON in pieces: their concatenation is canonicalJson(toStored(state)). */
export function writeStoredState(state: BuildState): string[] {
  const views = storedViews(state);
  const { format: _format, groups, public: _public, publicLive: _live, ...rest } = state;
  const doc: Record<string, unknown> = { ...rest, ...storedPublic(state), format: STORED_FORMAT, views, groups };
  const parts: string[] = [];
  let text = '{';
  for (const [i, key] of sortedKeys(doc).entries()) {
    text += `${i === 0 ? '' : ','}${JSON.stringify(key)}:`;
    if (key === 'groups' || key === 'views') {
      parts.push(text);
      if (key === 'groups') writeGroups(groups, views, parts);
      else parts.push(writeViews(views));
      text = '';
    } else {
      text += canonicalJson(doc[key]);
    }
  }
  parts.push(`${text}}`);
  return parts;
}

/** `{"<group id>":{...,"items":{...},...},...}`: one piece per group's items. */
function writeGroups(groups: Record<string, GroupState>, views: Views, parts: string[]): void {
  let text = '{';
  for (const [i, id] of sortedKeys(groups).entries()) {
    const group = groups[id] as GroupState;
    text += `${i === 0 ? '' : ','}${JSON.stringify(id)}:{`;
    for (const [j, key] of sortedKeys(group).entries()) {
      text += `${j === 0 ? '' : ','}${JSON.stringify(key)}:`;
      if (key === 'items') {
        parts.push(text, writeItems(group.items, views));
        text = '';
      } else {
        text += canonicalJson(group[key as keyof GroupState]);
      }
    }
    text += '}';
  }
  parts.push(`${text}}`);
}

/** `{"<advisory id>":[<pair index>,"<sha256>",<size>],...}`. */
function writeItems(items: GroupState['items'], views: Views): string {
  const entries: string[] = [];
  for (const id of sortedKeys(items)) {
    const item = items[id] as GroupState['items'][string];
    entries.push(`${JSON.stringify(id)}:[${views.indexOf(id, item.view ?? '', item.plaintext)},${json(item.sha256)},${json(item.size)}]`);
  }
  return `{${entries.join(',')}}`;
}

/** `{"<advisory id>":[["<view hash>","<plaintext hash>"],...],...}`, each list in its order. */
function writeViews(views: Views): string {
  const entries: string[] = [];
  for (const id of views.ids().sort()) {
    const pairs = views.pairsOf(id).map(([view, plaintext]) => `[${json(view)},${json(plaintext)}]`);
    entries.push(`${JSON.stringify(id)}:[${pairs.join(',')}]`);
  }
  return `{${entries.join(',')}}`;
}

/** Own keys whose value is not undefined, by UTF-16 code units, as canonical JSON sorts them. */
function sortedKeys(record: object): string[] {
  return Object.keys(record).filter((key) => (record as Record<string, unknown>)[key] !== undefined).sort();
}

/**
 * A string or a finite number as JSON.stringify writes it (-0 as 0). Anything else is a bug
 * upstream: canonicalJson writes it, or refuses it (undefined, NaN) with FORMAT_INVALID.
 */
function json(value: unknown): string {
  if (typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value))) return JSON.stringify(value);
  return canonicalJson([value]).slice(1, -1);
}
