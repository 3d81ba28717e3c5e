/**
 * `advisory-feed poll` as a library: `poll(options)` fetches, verifies, decrypts and mirrors one
 * group's feed (pipeline.ts lists the checklist). The CLI (scripts/cli/commands/poll.ts) only
 * reads keys, builds these options and prints the events.
 */
import { DEFAULT_FETCH_LIMITS, type FetchLimits, type Fetcher } from './fetcher.js';
import { createFileFetcher } from './fetch-file.js';
import { createHttpFetcher } from './fetch-http.js';
import { realSleep, withRetries, type Sleep } from './retry.js';

export { runPoll, type PollOptions, type PollResult } from './pipeline.js';
export { locateFeed, type FeedLocation } from './feed-location.js';
export type { PollEvent, AdvisoryEvent, SummaryEvent } from './events.js';
export { NETWORK_CODES, type PollCode } from './errors.js';
export { DEFAULT_FETCH_LIMITS, DEFAULT_MAX_INDEX_BYTES, DEFAULT_MAX_ITEM_BYTES, type FetchLimits, type Fetcher } from './fetcher.js';

/** The Fetcher for `url`'s scheme (http, https or file), wrapped in bounded retries. */
export function createFetcher(url: URL, limits: Partial<FetchLimits> = {}, sleep: Sleep = realSleep): Fetcher {
  const full = { ...DEFAULT_FETCH_LIMITS, ...limits };
  const inner = url.protocol === 'file:' ? createFileFetcher() : createHttpFetcher({ timeoutMs: full.timeoutMs });
  return withRetries(inner, full, sleep);
}
