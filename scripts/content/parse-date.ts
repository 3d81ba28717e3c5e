/**
 * Dates in content are either a day (`2025-07-08`, meaning 00:00 UTC) or a date-time with an
 * explicit offset (`2025-07-08T17:00:00+02:00`). A time without an offset is refused: an embargo
 * must not depend on the build machine's time zone.
 */
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** What a valid date looks like, for "Expected ..." messages. */
export const DATE_EXPECTED = 'a date `YYYY-MM-DD` or date-time `YYYY-MM-DDTHH:MM:SSZ` (with Z or an offset)';

/** `value` as `YYYY-MM-DDTHH:MM:SSZ` in UTC, or undefined when it is not a real calendar date. */
export function parseDate(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const day = DAY.exec(value);
  const full = day === null ? DATE_TIME.exec(value) : null;
  const m = day ?? full;
  if (m === null) return undefined;
  const [year, month, date] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const [hour, minute, second] = full === null ? [0, 0, 0] : [Number(m[4]), Number(m[5]), Number(m[6] ?? 0)];
  // Round-trip through Date.UTC to refuse 2025-02-30, 24:00 and friends.
  const utc = new Date(Date.UTC(year, month - 1, date, hour, minute, second));
  if (utc.getUTCFullYear() !== year || utc.getUTCMonth() !== month - 1 || utc.getUTCDate() !== date) return undefined;
  if (utc.getUTCHours() !== hour || utc.getUTCMinutes() !== minute || utc.getUTCSeconds() !== second) return undefined;
  const zone = full?.[7] ?? 'Z';
  let ms = utc.getTime();
  if (zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const [zh, zm] = zone.slice(1).split(':').map(Number) as [number, number];
    if (zh > 23 || zm > 59) return undefined;
    ms -= sign * (zh * 60 + zm) * 60_000;
  }
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}
