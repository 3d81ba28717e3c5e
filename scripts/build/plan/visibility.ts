/**
 * Embargo arithmetic: which tiers of a group see an advisory at `now`. Pure.
 *
 * The rule (scripts/content/types.ts, docs/content.md "Tiers and release dates"): text of tier S is
 * visible to tier T at `now` iff rank(T) >= rank(S) and now >= releaseOf(T), where releaseOf(T) is
 * the earliest `release[t]` over the tiers t between the advisory's tier and T. A tier with no such
 * date never sees the advisory. A group sees the union of what its tiers see.
 */
import type { Group, Program } from '../../content/types.js';
import type { PreparedAdvisory } from './prepare-advisory.js';

export type TierRanks = ReadonlyMap<string, number>;

export function tierRanks(program: Program): TierRanks {
  return new Map(program.tiers.map((tier) => [tier.name, tier.rank]));
}

/**
 * The earliest release date of a tier in [advisory.tier, tier] (ms and as written), or undefined.
 * Ties keep the first date in content order.
 */
export function releaseOf(prepared: PreparedAdvisory, rank: number): { at: number; date: string } | undefined {
  let earliest: { at: number; date: string } | undefined;
  for (const release of prepared.releases) {
    if (release.rank < prepared.low || release.rank > rank || Number.isNaN(release.at)) continue;
    if (earliest === undefined || release.at < earliest.at) earliest = release;
  }
  return earliest === undefined ? undefined : { at: earliest.at, date: earliest.date };
}

/** What a group sees of an advisory at `now`: nothing, or its top visible tier and since when. */
export interface Visibility {
  /** Highest tier of the group that sees the advisory at `now`. */
  topTier: string;
  topRank: number;
  /** Milliseconds: when the text up to `topTier` became visible to this group. */
  since: number;
  /** `since` as written in the content (ISO-8601 UTC). */
  sinceDate: string;
}

export function visibilityFor(prepared: PreparedAdvisory, group: Group, now: number, ranks: TierRanks): Visibility | undefined {
  let best: Visibility | undefined;
  for (const tier of group.tiers) {
    const rank = rankOf(ranks, tier);
    if (rank < prepared.low) continue;
    const release = releaseOf(prepared, rank);
    if (release === undefined || now < release.at) continue;
    if (best === undefined || rank > best.topRank) best = { topTier: tier, topRank: rank, since: release.at, sinceDate: release.date };
  }
  return best;
}

/** Highest rank among the tiers a group receives (its ceiling for metadata such as release dates). */
export function groupCeiling(group: Group, ranks: TierRanks): number {
  return Math.max(...group.tiers.map((tier) => rankOf(ranks, tier)));
}

export function rankOf(ranks: TierRanks, tier: string): number {
  const rank = ranks.get(tier);
  // validate guarantees every tier name is known; an unknown one here is a programming error.
  if (rank === undefined) throw new Error(`plan: unknown tier ${JSON.stringify(tier)} survived validation`);
  return rank;
}
