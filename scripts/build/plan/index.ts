/**
 * The plan: for each group at `now`, which advisories, which view of each, and which recipients.
 * Pure (no I/O, no clock, no crypto): everything the security promise rests on is decided here,
 * from (content, now) alone, and tested directly (test/build/plan.test.ts).
 */
import type { Advisory, Content, Group } from '../../content/types.js';
import { buildError } from '../errors.js';
import type { AdvisoryView } from '../view.js';
import type { BuildWarning } from '../warnings.js';
import { makeView } from './make-view.js';
import { prepareAdvisory } from './prepare-advisory.js';
import { recipientsFor, type Recipient } from './recipients.js';
import { groupCeiling, tierRanks, visibilityFor } from './visibility.js';

export type { Recipient };

export interface GroupPlan {
  group: Group;
  /** Sorted by advisory id. */
  views: AdvisoryView[];
  /** Empty for the public group; sorted by key fingerprint. */
  recipients: Recipient[];
}

export interface Plan {
  /** In program order. */
  groups: GroupPlan[];
  warnings: BuildWarning[];
}

/**
 * View hashes worked out by earlier plans (build/view-hash-cache.ts). A view is a function of its
 * advisory, the program and `visibility` (the view's top tier, since when, and the group's
 * ceiling), so an implementation must only give back a hash made for the same advisory file,
 * program and plan code.
 */
export interface KnownViewHashes {
  get(advisory: Advisory, visibility: string): string | undefined;
  /** Each hash this plan worked out. */
  set(advisory: Advisory, visibility: string, viewHash: string): void;
}

/**
 * Plans every group; throws BUILD_NO_RECIPIENTS naming every non-public group left with nobody.
 * With `known`, a view whose hash it gives is not hashed again (~40% of planning).
 */
export function planAudiences(content: Content, now: Date, known?: KnownViewHashes): Plan {
  const at = now.getTime();
  const ranks = tierRanks(content.program);
  const warnings: BuildWarning[] = [];
  const advisories = content.advisories
    .filter((a) => a.status !== 'draft')
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const ceilings = content.program.groups.map((group) => groupCeiling(group, ranks));
  const views = content.program.groups.map((): AdvisoryView[] => []);
  for (const advisory of advisories) {
    // Groups that see an advisory up to the same tier, since the same date, under the same ceiling
    // see the same view: made (and hashed) once, shared (~2-3 per advisory).
    const shared = new Map<string, AdvisoryView>();
    const prepared = prepareAdvisory(advisory, ranks);
    content.program.groups.forEach((group, g) => {
      const seen = visibilityFor(prepared, group, at, ranks);
      if (seen === undefined) return;
      const ceiling = ceilings[g] as number;
      const key = `${seen.topTier}\n${seen.sinceDate}\n${ceiling}`;
      let view = shared.get(key);
      if (view === undefined) {
        const knownHash = known?.get(advisory, key);
        view = makeView(prepared, seen, content.program, ranks, ceiling, knownHash);
        if (knownHash === undefined) known?.set(advisory, key, view.viewHash);
        shared.set(key, view);
      }
      (views[g] as AdvisoryView[]).push(view);
    });
  }
  const groups = content.program.groups.map((group, g): GroupPlan => {
    const recipients = group.public ? [] : recipientsFor(group, content.partners, warnings);
    return { group, views: views[g] as AdvisoryView[], recipients };
  });
  const empty = groups.filter((g) => !g.group.public && g.recipients.length === 0).map((g) => g.group.id);
  if (empty.length > 0) {
    throw buildError('BUILD_NO_RECIPIENTS', `Expected every group to have a recipient, got none for ${empty.join(', ')}`, {
      path: content.program.source.path,
      hint: 'Give each group an active member with a usable key, or remove the group from program.yaml.',
    });
  }
  return { groups, warnings };
}
