/**
 * What a run reports, as data: the CLI prints it as a human summary or as JSON lines (one object
 * per line, `event` first). Kept apart from the pipeline so tests can assert on it directly.
 */
import type { FeedStatus } from '../feed/format.js';
import type { Change } from './plan-items.js';

export interface AdvisoryEvent {
  event: 'advisory';
  id: string;
  change: Change;
  revision: number;
  status: FeedStatus;
  modified: string;
}

export interface SummaryEvent {
  event: 'summary';
  group: string;
  /** Sequence of the index now accepted. */
  sequence: number;
  expires: string;
  /** True when the server answered 304 (or the file was unchanged): nothing else was fetched. */
  notModified: boolean;
  new: number;
  updated: number;
  withdrawn: number;
  unchanged: number;
  removed: number;
  /** Items downloaded and verified this run. */
  fetched: number;
}

export type PollEvent = AdvisoryEvent | SummaryEvent;
