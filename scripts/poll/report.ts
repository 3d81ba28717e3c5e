/**
 * Turns a run's plan into the events the CLI prints (events.ts): one per advisory, then the
 * summary. Pure; the pipeline calls it once the state is committed.
 */
import type { AdvisoryEvent, PollEvent, SummaryEvent } from './events.js';
import type { ItemPlan } from './plan-items.js';
import type { PollState } from './state.js';

export interface PollResult {
  events: PollEvent[];
  summary: SummaryEvent;
}

/** A run that accepted an index: `state` is the new state, `before` the items held before. */
export function reportRun(plan: ItemPlan, state: PollState, fetched: number, before: PollState['items']): PollResult {
  return report(plan, state, false, fetched, before);
}

/** A run answered 304: every advisory held is unchanged. */
export function reportNotModified(state: PollState): PollResult {
  const items = Object.entries(state.items).map(([id, s]) => ({
    entry: { id, revision: s.revision, modified: s.modified, status: s.status, sha256: s.sha256, path: `items/${s.sha256}.pgp`, size: 0 },
    change: 'unchanged' as const,
    fetch: false,
  }));
  return report({ items, removed: [] }, state, true, 0, {});
}

function report(plan: ItemPlan, state: PollState, notModified: boolean, fetched: number, before: PollState['items']): PollResult {
  const events: PollEvent[] = [];
  const summary: SummaryEvent = {
    event: 'summary', group: state.group, sequence: state.sequence, expires: state.expires, notModified,
    new: 0, updated: 0, withdrawn: 0, unchanged: 0, removed: plan.removed.length, fetched,
  };
  for (const { entry, change } of plan.items) {
    summary[change]++;
    const event: AdvisoryEvent = { event: 'advisory', id: entry.id, change, revision: entry.revision, status: entry.status, modified: entry.modified };
    events.push(event);
  }
  for (const id of plan.removed) {
    const last = before[id];
    if (last !== undefined) events.push({ event: 'advisory', id, change: 'removed', revision: last.revision, status: last.status, modified: last.modified });
  }
  events.push(summary);
  return { events, summary };
}
