/**
 * Whether a group's index must be re-issued, and with which sequence and validity (pure). See
 * feed-format §9.1 (sequence) and §9.2 (expiry and re-issue).
 *
 * - Re-issue when what the index lists (or who it is for) changed, when less than half of its
 *   validity remains, or when the file on disk is not the one the state recorded.
 * - The sequence only ever grows: previous + 1; a group with no recorded history starts at 1, or,
 *   when an index of unknown sequence is already published there (state lost), at the Unix time
 *   in seconds, which is above any sequence a counter of builds reached.
 * - An index on disk that is not the one the state recorded may be newer than the state: a state
 *   restored from an older deployment, or without its changes file (state/state-changes.ts).
 *   Its sequence is unknown too, so the next one is at least the Unix time in seconds; after a
 *   build stopped between writing the state and the index, that is a jump, never a step back.
 */
import type { GroupState } from '../state/build-state.js';

export interface IndexTiming {
  sequence: number;
  generated: string;
  expires: string;
}

export interface IndexDecision {
  /** undefined: keep the published index as it is. */
  reissue: IndexTiming | undefined;
}

export function nextIndex(input: {
  previous: GroupState | undefined;
  contentHash: string;
  /** The index file on disk is exactly the one the state recorded. */
  publishedIntact: boolean;
  /** An index file exists at the group's path (whatever its origin). */
  publishedExists: boolean;
  now: Date;
  /** Seconds an index stays valid (program.feed.expiresAfter). */
  expiresAfter: number;
}): IndexDecision {
  const { previous, now, expiresAfter } = input;
  const at = now.getTime();
  if (previous !== undefined && input.publishedIntact && previous.contentHash === input.contentHash && !dueForRefresh(previous, now, expiresAfter)) {
    return { reissue: undefined };
  }
  const clock = Math.max(1, Math.floor(at / 1000));
  const sequence = previous !== undefined
    ? input.publishedIntact ? previous.sequence + 1 : Math.max(previous.sequence + 1, clock)
    : input.publishedExists ? clock : 1;
  return {
    reissue: { sequence, generated: now.toISOString(), expires: new Date(at + expiresAfter * 1000).toISOString() },
  };
}

/** Less than half of the published index's validity remains: re-issue it (feed-format §9.2). */
export function dueForRefresh(previous: Pick<GroupState, 'expires'>, now: Date, expiresAfter: number): boolean {
  return Date.parse(previous.expires) - now.getTime() <= (expiresAfter * 1000) / 2;
}
