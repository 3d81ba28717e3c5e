/**
 * Files the new output no longer names (pure): they stay for the grace period (clients may be
 * mid-sync with the previous index) and are removed after it (feed-format §9.3).
 * Known files come from the previous state; unknown files under groups/ (a lost state, a killed
 * build), leftover temp files and the files a killed build wrote down before it wrote them
 * (write/touched-log.ts) are orphaned too, from now. Nothing else in --out is touched.
 */
import { groupIndexPath, groupItemPath } from '../../feed/paths.js';
import type { ListedOutput } from '../list-output.js';
import type { BuildState, GroupState } from '../state/build-state.js';
import { STATE_FILE } from '../state/build-state.js';

export const TEMP_MARK = '.tmp-';

/** The files of the new output: each group's items by hash, and every other file by path. */
export interface LiveOutput {
  items: ReadonlyMap<string, ReadonlySet<string>>;
  /** The state, the public files and signatures, each group's index. */
  files: ReadonlySet<string>;
}

export function liveOutput(groups: readonly { group: string; state: GroupState }[], publicLive: readonly string[]): LiveOutput {
  return {
    items: new Map(groups.map((g) => [g.group, new Set(Object.values(g.state.items).map((item) => item.sha256))])),
    files: new Set([STATE_FILE, ...publicLive, ...groups.map((g) => groupIndexPath(g.group))]),
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
  /** What this build's output names (liveOutput). */
  live: LiveOutput;
  /** Every file under --out when the build started. */
  listed: ListedOutput;
  now: Date;
  /** Seconds (program.feed.graceAfter). */
  graceAfter: number;
  /**
   * Groups whose published index is not the one the state recorded (SealedGroup.publishedUnknown):
   * it may still name items the state has orphaned, so their grace period starts now.
   */
  restartGrace?: ReadonlySet<string>;
}): OrphanPlan {
  const { previous, live, listed, now } = input;
  const restarted = (file: string) => input.restartGrace !== undefined && input.restartGrace.has(file.split('/', 2)[1] ?? '') && file.startsWith('groups/');
  const orphans = previous?.orphans ?? {};
  const published = previous?.public ?? {};
  // Ours: every group file (known to the state or not: a lost state, a killed build), temp files,
  // and the public files and orphans the previous state names. Items are compared by hash, group
  // by group: the ~100,000 item paths of 10,000 advisories are never spelled out.
  const ours = (file: string) =>
    file.startsWith('groups/') || file.includes(TEMP_MARK) || listed.distrusted.has(file) || Object.hasOwn(orphans, file) ||
    Object.hasOwn(published, file) || (file.endsWith('.asc') && Object.hasOwn(published, file.slice(0, -'.asc'.length)));
  const gone: string[] = [];
  for (const [group, hashes] of listed.itemFiles) {
    const kept = live.items.get(group);
    for (const sha256 of hashes) if (kept?.has(sha256) !== true) gone.push(groupItemPath(group, sha256));
  }
  for (const file of listed.otherFiles) if (ours(file) && !live.files.has(file)) gone.push(file);
  gone.sort();

  const keep: Record<string, string> = {};
  const remove: string[] = [];
  for (const file of gone) {
    const since = (restarted(file) ? undefined : orphans[file]) ?? now.toISOString();
    // Only group files need the grace period; a public page or CSAF document of an advisory that
    // stopped being public (an accidental publication retracted) goes at once (feed-format §6),
    // and so does a temp file outside groups/: the lock means no build is writing it, no reader
    // asks for its name, and a killed build's may hold the page it was about to publish.
    const publicFile = !file.startsWith('groups/');
    if (publicFile || now.getTime() - Date.parse(since) >= input.graceAfter * 1000) remove.push(file);
    else keep[file] = since;
  }
  return { keep, remove };
}
