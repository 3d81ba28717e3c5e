/**
 * `advisory-feed poll` as a library: `poll(options)` fetches, verifies, decrypts and mirrors one
 * group's feed (pipeline.ts lists the checklist). The CLI (scripts/cli/commands/poll.ts) only
 * reads keys, builds these options and prints the events.
 */
import { DEFAULT_FETCH_LIMITS, type FetchLimits, type Fetcher } from './fetcher.js';
import { createFileFetcher } from './fetch-file.js';
import { createHttpFetcher } from './fetch-http.js';
import { LIMITS } from '../feed/schemas.js';
import { realSleep, withRetries, type Sleep } from './retry.js';

export { runPoll, type PollOptions, type PollResult } from './pipeline.js';
export { locateFeed, type FeedLocation } from './feed-location.js';
export type { PollEvent, AdvisoryEvent, SummaryEvent } from './events.js';
export { NETWORK_CODES, type PollCode } from './errors.js';
export { DEFAULT_FETCH_LIMITS, type FetchLimits, type Fetcher } from './fetcher.js';

/** feed-format §3.4: the index cap, 32 MiB, the same limit builds publish within. */
export const DEFAULT_MAX_INDEX_BYTES = LIMITS.indexSize;
/** feed-format §3.4: no single item is accepted above this (16 MiB), whatever the index says. */
export const DEFAULT_MAX_ITEM_BYTES = 16 * 1024 * 1024;

/** The Fetcher for `url`'s scheme (http, https or file), wrapped in bounded retries. */
export function createFetcher(url: URL, limits: Partial<FetchLimits> = {}, sleep: Sleep = realSleep): Fetcher {
  const full = { ...DEFAULT_FETCH_LIMITS, ...limits };
  const inner = url.protocol === 'file:' ? createFileFetcher() : createHttpFetcher({ timeoutMs: full.timeoutMs });
  return withRetries(inner, full, sleep);
}
