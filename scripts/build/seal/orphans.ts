/**
 * Files the new output no longer names (pure): they stay for the grace period (clients may be
 * mid-sync with the previous index) and are removed after it (feed-format §9.3).
 * Known files come from the previous state; unknown files under groups/ (a lost state, a killed
 * build) and leftover temp files are orphaned too, from now. Nothing else in --out is touched.
 */
import type { BuildState } from '../state/build-state.js';

export const TEMP_MARK = '.tmp-';

export interface OrphanPlan {
  /** Still within the grace period: path -> since (ISO). */
  keep: Record<string, string>;
  /** Past it: remove after the new output is in place. */
  remove: string[];
}

export function planOrphans(input: {
  previous: BuildState | undefined;
  /** Every path this build's output names (including .state.pgp). */
  live: ReadonlySet<string>;
  /** Every file under --out when the build started. */
  files: ReadonlySet<string>;
  now: Date;
  /** Seconds (program.feed.graceAfter). */
  graceAfter: number;
}): OrphanPlan {
  const { previous, live, files, now } = input;
  const orphans = previous?.orphans ?? {};
  const published = previous?.public ?? {};
  // Ours: every group file (known to the state or not: a lost state, a killed build), temp files,
  // and the public files and orphans the previous state names. One pass over the listing: the
  // state's ~100,000 item paths are all under groups/ and need not be spelled out.
  const ours = (file: string) =>
    file.startsWith('groups/') || file.includes(TEMP_MARK) || Object.hasOwn(orphans, file) ||
    Object.hasOwn(published, file) || (file.endsWith('.asc') && Object.hasOwn(published, file.slice(0, -'.asc'.length)));
  const gone = [...files].filter((file) => !live.has(file) && ours(file)).sort();

  const keep: Record<string, string> = {};
  const remove: string[] = [];
  for (const file of gone) {
    const since = orphans[file] ?? now.toISOString();
    // Only group files need the grace period; a public page or CSAF document of an advisory that
    // stopped being public (an accidental publication retracted) goes at once (feed-format §6).
    const publicFile = !file.startsWith('groups/') && !file.includes(TEMP_MARK);
    if (publicFile || now.getTime() - Date.parse(since) >= input.graceAfter * 1000) remove.push(file);
    else keep[file] = since;
  }
  return { keep, remove };
}
