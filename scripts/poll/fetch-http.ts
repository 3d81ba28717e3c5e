/**
 * The http(s) Fetcher: one conditional GET per call over node:http keep-alive connections
 * (http-get.ts; redirects and encoded bodies through Node 20's fetch(), each redirect checked
 * before it is followed), with a timeout and a byte cap. Retrying is retry.ts's job; this file only says whether a failure is
 * worth retrying (network errors, 408, 429, 5xx) and how long the server asked us to wait.
 */
import { isFeedError } from '../feed/errors.js';
import { pollError, type PollError } from './errors.js';
import type { FetchRequest, FetchResult, Fetcher } from './fetcher.js';
import { answerOf, createNodeGet, needsFetch, type Answer } from './http-get.js';
import { readCapped } from './read-body.js';

/** What a failed attempt tells the retry loop. */
export interface RetryAdvice {
  retryable: boolean;
  /** From Retry-After, milliseconds. */
  retryAfterMs?: number;
}

export type FetchError = PollError & { retry?: RetryAdvice };

export function createHttpFetcher(options: { timeoutMs: number; now?: () => number }): Fetcher {
  const now = options.now ?? Date.now;
  const get = createNodeGet();
  return {
    async fetch(request: FetchRequest): Promise<FetchResult> {
      const url = request.url.href;
      const headers: Record<string, string> = { accept: 'application/octet-stream, application/pgp-encrypted;q=0.9, */*;q=0.1' };
      // feed-format §8.1; RFC 9110 §13.1.3 (If-Modified-Since is ignored next to If-None-Match).
      if (request.etag !== undefined) headers['if-none-match'] = request.etag;
      if (request.lastModified !== undefined) headers['if-modified-since'] = request.lastModified;
      const signal = AbortSignal.timeout(options.timeoutMs);
      let response: Answer;
      try {
        response = await get(request.url, headers, signal);
        if (needsFetch(response)) {
          await response.discard();
          response = answerOf(await fetchFollowing(request.url, headers, signal));
        }
      } catch (error) {
        if (isFeedError(error)) throw error;
        throw networkError(url, error, options.timeoutMs);
      }
      if (response.status === 304 && (request.etag !== undefined || request.lastModified !== undefined)) {
        await response.discard();
        return { status: 'not-modified' };
      }
      if (response.status !== 200) {
        await response.discard();
        throw statusError(url, response, now());
      }
      const announced = Number(response.header('content-length') ?? Number.NaN);
      if (Number.isFinite(announced) && announced > request.maxBytes) {
        await response.discard();
        throw pollError(request.tooLargeCode, `Expected at most ${request.maxBytes} bytes from ${url}, got Content-Length ${announced}.`, {
          hint: 'The server announces more than the feed allows: check the feed URL, or raise the limit if the feed legitimately grew.',
        });
      }
      let body: Uint8Array;
      try {
        body = await readCapped(response.body, request.maxBytes, request.tooLargeCode, url);
      } catch (error) {
        if (isFeedError(error)) throw error;
        throw networkError(url, error, options.timeoutMs); // connection cut mid-body, or timeout
      }
      const result: FetchResult = { status: 'ok', body };
      const etag = response.header('etag');
      const lastModified = response.header('last-modified');
      if (etag !== null) result.etag = etag;
      if (lastModified !== null) result.lastModified = lastModified;
      return result;
    },
  };
}

/** Redirects followed at most for one request (fetch()'s own limit is 20). */
export const MAX_REDIRECTS = 5;

/**
 * fetch() following redirects itself, so that each target is checked before it is asked
 * (redirectRefusal): no more than MAX_REDIRECTS, only http(s), never from https down to http.
 * Other hosts are followed, as a CDN may send a client to storage elsewhere: what comes back is
 * verified like any answer, and only the request's fixed headers go along.
 */
async function fetchFollowing(url: URL, headers: Record<string, string>, signal: AbortSignal): Promise<Response> {
  let current = url;
  for (let hops = 0; ; hops++) {
    const response = await fetch(current, { headers, signal, redirect: 'manual' });
    const location = response.status >= 300 && response.status < 400 ? response.headers.get('location') : null;
    if (location === null) return response; // an answer, or a 3xx without a target: its status is reported
    await response.body?.cancel().catch(() => undefined);
    const next = new URL(location, current);
    const refusal = redirectRefusal(current, next, hops + 1);
    if (refusal !== undefined) {
      const failure: FetchError = pollError('HTTP_STATUS', `Expected ${url.href} or a redirect the client follows, got ${refusal}.`, {
        hint: 'The server redirects the feed where poll does not follow; check the --feed URL, and tell the publisher.',
      });
      failure.retry = { retryable: false };
      throw failure;
    }
    current = next;
  }
}

/** Why the `hops`-th redirect, from `from` to `to`, is not followed; undefined when it is. */
export function redirectRefusal(from: URL, to: URL, hops: number): string | undefined {
  if (to.protocol !== 'http:' && to.protocol !== 'https:') return `a redirect to a ${to.protocol} URL`;
  if (from.protocol === 'https:' && to.protocol === 'http:') return `a redirect from https down to plain http (${to.origin})`;
  if (hops > MAX_REDIRECTS) return `more than ${MAX_REDIRECTS} redirects`;
  return undefined;
}

function networkError(url: string, error: unknown, timeoutMs: number): FetchError {
  const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
  const reason = timedOut ? `no complete answer within ${timeoutMs} ms` : describe(error);
  const failure: FetchError = pollError('NETWORK', `Expected a response from ${url}, got ${reason}.`, {
    cause: error,
    hint: 'Check the network and that the feed server is up; poll retries on its next run.',
  });
  failure.retry = { retryable: true };
  return failure;
}

function statusError(url: string, response: Answer, nowMs: number): FetchError {
  const status = response.status;
  const failure: FetchError = pollError('HTTP_STATUS', `Expected HTTP 200 from ${url}, got ${status} ${response.statusText}.`, {
    hint: status === 404 || status === 403 || status === 401
      ? 'Check the --feed URL (it points at groups/<group>/ or its index.pgp) and your access to it.'
      : 'The server failed; poll retries on its next run. Tell the publisher if it persists.',
  });
  const retryable = status >= 500 || status === 408 || status === 429;
  const advice: RetryAdvice = { retryable };
  const retryAfter = parseRetryAfter(response.header('retry-after'), nowMs);
  if (retryAfter !== undefined) advice.retryAfterMs = retryAfter;
  failure.retry = advice;
  return failure;
}

/** RFC 9110 §10.2.3: delay-seconds or an HTTP-date; returns milliseconds, or undefined if absent/bad. */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
  return `${error.message}${cause}`;
}
