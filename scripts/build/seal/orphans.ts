/**
 * Files the new output no longer names (pure): they stay for the grace period (clients may be
 * mid-sync with the previous index) and are removed after it (feed-format §9.3).
 * Known files come from the previous state; unknown files under groups/ (a lost state, a killed
 * build) and leftover temp files are orphaned too, from now. Nothing else in --out is touched.
 */
import type { BuildState, GroupState } from '../state/build-state.js';
import { STATE_FILE } from '../state/build-state.js';

export const TEMP_MARK = '.tmp-';

const GROUP_FILE = /^groups\/([^/]+)\/(?:index\.pgp|items\/([0-9a-f]{64})\.pgp)$/;

/**
 * Whether a path (relative to --out) is a file of the new output: the state, a public file or
 * signature, a group's index or one of its items. Items are looked up by hash in their group's
 * state, not spelled out as ~100,000 path strings.
 */
export function liveOutput(groups: readonly { group: string; state: GroupState }[], publicLive: readonly string[]): (file: string) => boolean {
  const items = new Map(groups.map((g) => [g.group, new Set(Object.values(g.state.items).map((item) => item.sha256))]));
  const other = new Set([STATE_FILE, ...publicLive]);
  return (file) => {
    if (!file.startsWith('groups/')) return other.has(file);
    const match = GROUP_FILE.exec(file);
    const shas = match === null ? undefined : items.get(match[1] as string);
    return shas !== undefined && (match?.[2] === undefined || shas.has(match[2]));
  };
}

export interface OrphanPlan {
  /** Still within the grace period: path -> since (ISO). */
  keep: Record<string, string>;
  /** Past it: remove after the new output is in place. */
  remove: string[];
}

export function planOrphans(input: {
  previous: BuildState | undefined;
  /** Whether this build's output names a path (liveOutput). */
  isLive: (file: string) => boolean;
  /** Every file under --out when the build started. */
  files: ReadonlySet<string>;
  now: Date;
  /** Seconds (program.feed.graceAfter). */
  graceAfter: number;
}): OrphanPlan {
  const { previous, isLive, files, now } = input;
  const orphans = previous?.orphans ?? {};
  const published = previous?.public ?? {};
  // Ours: every group file (known to the state or not: a lost state, a killed build), temp files,
  // and the public files and orphans the previous state names. One pass over the listing: the
  // state's ~100,000 item paths are all under groups/ and need not be spelled out.
  const ours = (file: string) =>
    file.startsWith('groups/') || file.includes(TEMP_MARK) || Object.hasOwn(orphans, file) ||
    Object.hasOwn(published, file) || (file.endsWith('.asc') && Object.hasOwn(published, file.slice(0, -'.asc'.length)));
  const gone: string[] = [];
  for (const file of files) if (ours(file) && !isLive(file)) gone.push(file);
  gone.sort();

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
