/**
 * Step §8.6 (feed-format, §9.2): refuse an index past its `expires`. An attacker who cannot sign
 * can still serve a stale index forever (TUF indefinite freeze); expiry bounds how stale. Also run
 * on a 304 answer, against the expiry of the index already accepted.
 */
import { pollError } from './errors.js';

/** Throws FROZEN when `now` is at or after `expires` (ISO date-time), saying how long ago. */
export function verifyExpiry<T extends { expires: string }>(index: T, now: Date): T {
  const expires = Date.parse(index.expires);
  if (Number.isNaN(expires) || now.getTime() >= expires) {
    throw pollError('FROZEN', `Expected an index valid at ${now.toISOString()}, got one that expired at ${index.expires} (${describeAge(now.getTime() - expires)} ago).`, {
      hint: 'The feed is no longer refreshed: check the --feed URL for a stale mirror or cache, and tell the publisher.',
    });
  }
  return index;
}

/** "3 days 4 hours", "12 minutes": coarse on purpose, for people. */
export function describeAge(ms: number): string {
  if (!Number.isFinite(ms)) return 'an unknown time';
  const minutes = Math.floor(ms / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  if (days > 0) return `${days} day${days === 1 ? '' : 's'}${hours > 0 ? ` ${hours} hour${hours === 1 ? '' : 's'}` : ''}`;
  if (hours > 0) return `${hours} hour${hours === 1 ? '' : 's'} ${minutes % 60} minute${minutes % 60 === 1 ? '' : 's'}`;
  return `${Math.max(minutes, 0)} minute${minutes === 1 ? '' : 's'}`;
}
