/**
 * Whether a group will seal anything in this build (new items, or a new index), guessed from the
 * plan and the previous state before anything is rendered: stage `recipients` has the recipient
 * header (~40 ms of CPU for 50 recipients) made ahead only for such groups, so a rebuild that
 * changes nothing makes none. A wrong "no" costs a wait where the group's sealer is first asked
 * for (its header is then made on demand); a wrong "yes", one header made for nothing. Pure.
 */
import type { GroupState } from '../state/build-state.js';
import type { AdvisoryView } from '../view.js';
import { dueForRefresh } from './next-index.js';

export function willSeal(input: {
  /** The group's views in this build's plan. */
  views: readonly AdvisoryView[];
  previous: GroupState | undefined;
  /** The group's recipient set in this build (Sealer.recipientsId). */
  recipientsId: string;
  now: Date;
  /** Seconds (program.feed.expiresAfter). */
  expiresAfter: number;
}): boolean {
  const { previous } = input;
  // Everything is sealed for a new recipient set; a group without history gets its first index.
  if (previous === undefined || previous.recipientsId !== input.recipientsId) return true;
  if (dueForRefresh(previous, input.now, input.expiresAfter)) return true;
  for (const view of input.views) {
    const before = previous.items[view.advisory.id];
    if (before === undefined || before.view !== view.viewHash) return true; // a new or changed view
  }
  // The same views: a new index only if an advisory left the group.
  return input.views.length !== Object.keys(previous.items).length;
}
