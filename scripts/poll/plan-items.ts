/**
 * Step §8.7 (feed-format): decides, from the verified index and the state, what each advisory's change is and which items
 * must be downloaded: only new or changed ones (by SHA-256), plus any whose mirror files are
 * missing (repair after a crash or a manual deletion). Pure, given the mirror's listing.
 */
import type { GroupIndex, IndexEntry } from '../feed/format.js';
import type { MirrorListing } from './mirror.js';
import type { PollState } from './state.js';

export type Change = 'new' | 'updated' | 'withdrawn' | 'unchanged' | 'removed';

export interface PlannedItem {
  entry: IndexEntry;
  change: Exclude<Change, 'removed'>;
  /** True when the item must be downloaded and verified. */
  fetch: boolean;
}

export interface ItemPlan {
  items: PlannedItem[];
  /**
   * Ids the state or the mirror holds but the index no longer lists: the mirror's too, since a
   * run killed after writing the mirror and before the state leaves advisories the state never
   * recorded.
   */
  removed: string[];
}

export function planItems(index: GroupIndex, state: PollState | undefined, mirror: MirrorListing): ItemPlan {
  const previous = state?.items ?? {};
  const items: PlannedItem[] = [];
  for (const entry of index.items) {
    const before = previous[entry.id];
    const change = classify(entry, before);
    const fetch = change !== 'unchanged' || !mirror.has(entry.id);
    items.push({ entry, change, fetch });
  }
  const listed = new Set(index.items.map((e) => e.id));
  const held = new Set([...Object.keys(previous), ...mirror.ids()]);
  const removed = [...held].filter((id) => !listed.has(id)).sort();
  return { items, removed };
}

function classify(entry: IndexEntry, before: PollState['items'][string] | undefined): PlannedItem['change'] {
  if (entry.status === 'withdrawn' && before?.status !== 'withdrawn') return 'withdrawn';
  if (before === undefined) return 'new';
  return before.sha256 === entry.sha256 ? 'unchanged' : 'updated';
}
