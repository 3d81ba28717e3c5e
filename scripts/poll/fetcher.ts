/**
 * The small interface between the checklist and the transport, so the same pipeline polls a feed
 * over http(s) or from a folder (air-gapped copies, tests). Implementations: fetch-http.ts,
 * fetch-file.ts; retries live in retry.ts and wrap any Fetcher.
 */
import { LIMITS } from '../feed/schemas.js';
import type { PollCode } from './errors.js';

export interface FetchRequest {
  url: URL;
  /** Hard cap in bytes: a response announcing or streaming more is aborted (endless data). */
  maxBytes: number;
  /** The code thrown when `maxBytes` is exceeded: INDEX_TOO_LARGE or ITEM_TOO_LARGE. */
  tooLargeCode: Extract<PollCode, 'INDEX_TOO_LARGE' | 'ITEM_TOO_LARGE'>;
  /** Validators from the last accepted response, for a conditional GET (index only). */
  etag?: string;
  lastModified?: string;
}

export type FetchResult =
  | { status: 'not-modified' }
  | { status: 'ok'; body: Uint8Array; etag?: string; lastModified?: string };

export interface Fetcher {
  /** Resolves with the body or "not modified"; throws FeedError<PollCode> on every failure. */
  fetch(request: FetchRequest): Promise<FetchResult>;
}

/** Transport limits, all overridable (tests shrink them). */
export interface FetchLimits {
  /** Per request, milliseconds, from sending the request to the last body byte. */
  timeoutMs: number;
  /** Retries after the first attempt, for network errors, 5xx, 429 and 408. */
  retries: number;
  /** First backoff delay in milliseconds; doubled after each retry. */
  backoffMs: number;
  /** Longest Retry-After honoured, in milliseconds; longer waits are cut to this. */
  maxRetryAfterMs: number;
}

/** tuf-js uses a 100 s timeout and 2 retries; a cron job can afford one retry more. */
export const DEFAULT_FETCH_LIMITS: FetchLimits = {
  timeoutMs: 60_000,
  retries: 3,
  backoffMs: 1_000,
  maxRetryAfterMs: 120_000,
};

/** feed-format §3.4: the index cap, 32 MiB, the same limit builds publish within. */
export const DEFAULT_MAX_INDEX_BYTES = LIMITS.indexSize;
/** feed-format §3.4: no single item is accepted above this (16 MiB), whatever the index says. */
export const DEFAULT_MAX_ITEM_BYTES = 16 * 1024 * 1024;
