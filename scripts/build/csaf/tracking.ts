/**
 * CSAF `document.tracking` (§3.2.1.12) from the view: version = revision count, revision history
 * from `advisory.revisions` (numbered 1..n, oldest first), dates in UTC.
 */
import { readFileSync } from 'node:fs';
import type { AdvisoryView } from '../view.js';

const GENERATOR_VERSION = (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string })
  .version;

export interface CsafRevision {
  date: string;
  number: string;
  summary: string;
}

export interface CsafTracking {
  current_release_date: string;
  generator: { engine: { name: string; version: string } };
  id: string;
  initial_release_date: string;
  revision_history: CsafRevision[];
  status: 'final';
  version: string;
}

function earliest(dates: string[]): string | undefined {
  return [...dates].sort()[0];
}

/** The first date this audience could read the advisory: its earliest visible release date. */
export function initialReleaseDate(view: AdvisoryView): string {
  const released = earliest(Object.values(view.advisory.release));
  return released ?? earliest(view.advisory.revisions.map((r) => r.date)) ?? view.modified;
}

/**
 * Always `final`: a view is only ever built from a published or withdrawn advisory (drafts never
 * reach plan), and CSAF 2.0 has no "withdrawn" status (docs/public-outputs.md, "Withdrawn").
 */
export function buildTracking(view: AdvisoryView): CsafTracking {
  const initial = initialReleaseDate(view);
  const history: CsafRevision[] = view.advisory.revisions.map((revision, index) => ({
    date: revision.date,
    number: String(index + 1),
    summary: revision.note.trim() === '' ? `Revision ${index + 1}.` : revision.note.trim(),
  }));
  // revision_history needs one entry (schema minItems 1): an advisory without revisions is its
  // initial release.
  if (history.length === 0) history.push({ date: initial, number: '1', summary: 'Initial release.' });
  const dates = [view.modified, initial, ...history.map((h) => h.date)].sort();
  return {
    current_release_date: dates[dates.length - 1] ?? initial,
    generator: { engine: { name: 'advisory-feed', version: GENERATOR_VERSION } },
    id: view.advisory.id,
    initial_release_date: initial,
    revision_history: history,
    status: 'final',
    version: String(history.length),
  };
}
