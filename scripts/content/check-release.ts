/**
 * An advisory's `release` mapping (types.ts header, "Visibility semantics"): known tiers at or
 * above the advisory's own, valid dates, and no higher tier released after a lower one.
 */
import type { At, Context, RawAdvisory } from './check-advisory.js';
import { DATE_EXPECTED, parseDate } from './parse-date.js';
import { describe } from './problems.js';

/** Returns tier -> UTC date for the entries that are valid; adds a problem for each that is not. */
export function checkRelease(raw: RawAdvisory, rank: Map<string, number>, at: At, ctx: Context): Record<string, string> {
  const { problems } = ctx;
  const known = [...rank.keys()].join(', ');
  const baseRank = rank.get(raw.tier);
  const release: Record<string, string> = {};
  for (const [tier, value] of Object.entries(raw.release ?? {})) {
    const date = parseDate(value);
    if (date === undefined) problems.add('DATE_INVALID', `Expected ${DATE_EXPECTED}, got ${describe(value)}`, at(['release', tier]));
    const tierRank = rank.get(tier);
    if (ctx.program !== undefined && tierRank === undefined) {
      problems.add('TIER_UNKNOWN', `Expected a tier from partners/program.yaml, got \`${tier}\``, at(['release', tier], `Known tiers: ${known}`));
    } else if (tierRank !== undefined && baseRank !== undefined && tierRank < baseRank) {
      problems.add('FIELD_INVALID', `Expected release dates only for \`${raw.tier}\` and higher tiers, got \`${tier}\``, at(['release', tier], `Lower \`tier:\` to ${tier} to release it there`));
    } else if (date !== undefined) {
      release[tier] = date;
    }
  }
  if (raw.status !== 'draft' && Object.keys(raw.release ?? {}).length === 0) {
    problems.add('FIELD_MISSING', 'Expected `release` with at least one tier date, got none', at(['release'], 'Add `release:` with e.g. `partner: 2025-06-24`'));
  }
  // DATE_ORDER: a higher tier never waits longer than a lower one (it would be silently ignored).
  // Without a program the ranks are unknown, so the order cannot be judged (CONFIG_* says why).
  const dated = ctx.program === undefined ? [] : Object.keys(release).sort((a, b) => (rank.get(a) ?? 0) - (rank.get(b) ?? 0));
  for (let i = 0; i < dated.length; i++) {
    for (let j = i + 1; j < dated.length; j++) {
      const [low, high] = [dated[i] as string, dated[j] as string];
      if ((release[high] as string) > (release[low] as string)) {
        problems.add('DATE_ORDER', `Expected \`${high}\` to be released no later than \`${low}\` (${release[low]}), got ${release[high]}`, at(['release', high]));
      }
    }
  }
  return release;
}
