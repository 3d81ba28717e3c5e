/**
 * Bounded retries with exponential backoff around any Fetcher: network errors and retryable
 * statuses (408, 429, 5xx) are tried `retries` more times; a Retry-After is honoured up to
 * `maxRetryAfterMs`. Verification failures are never retried: a bad feed stays bad.
 */
import type { FetchLimits, FetchRequest, FetchResult, Fetcher } from './fetcher.js';
import type { FetchError } from './fetch-http.js';

export type Sleep = (ms: number) => Promise<void>;

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export function withRetries(inner: Fetcher, limits: Pick<FetchLimits, 'retries' | 'backoffMs' | 'maxRetryAfterMs'>, sleep: Sleep = realSleep): Fetcher {
  return {
    async fetch(request: FetchRequest): Promise<FetchResult> {
      for (let attempt = 0; ; attempt++) {
        try {
          return await inner.fetch(request);
        } catch (error) {
          const advice = (error as FetchError).retry;
          if (advice?.retryable !== true || attempt >= limits.retries) throw error;
          const backoff = limits.backoffMs * 2 ** attempt; // ms
          const asked = advice.retryAfterMs === undefined ? 0 : Math.min(advice.retryAfterMs, limits.maxRetryAfterMs);
          await sleep(Math.max(backoff, asked));
        }
      }
    },
  };
}
