/**
 * releaseOf: when a tier first sees an advisory (types.ts header, "Visibility semantics"): the
 * earliest release date among the tiers from the advisory's own tier up to this one.
 */
import type { Advisory, Program } from './types.js';

/** Rank of `tier` in the program (0 = public), or undefined for an unknown tier. */
export function tierRank(program: Program, tier: string): number | undefined {
  return program.tiers.find((t) => t.name === tier)?.rank;
}

/** ISO date from which `tier` sees `advisory`, or undefined when it never does (open embargo). */
export function releaseOf(advisory: Advisory, tier: string, program: Program): string | undefined {
  const base = tierRank(program, advisory.tier);
  const top = tierRank(program, tier);
  if (base === undefined || top === undefined || top < base) return undefined;
  let earliest: string | undefined;
  for (const [name, date] of Object.entries(advisory.release)) {
    const rank = tierRank(program, name);
    if (rank !== undefined && rank >= base && rank <= top && (earliest === undefined || date < earliest)) earliest = date;
  }
  return earliest;
}
