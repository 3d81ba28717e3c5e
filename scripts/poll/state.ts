/**
 * The trusted state of one poller: what it last accepted (feed-format §8.5, §8.13). It is the
 * memory that makes rollback and freeze detectable, so it is read strictly (anything poll did not
 * write is STATE_INVALID) and replaced atomically, after the mirror (pipeline.ts).
 *
 * Layout: `<state>/state.json` (this document) and `<state>/poll.lock` (held while a run lasts).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FeedStatus, GroupIndex } from '../feed/format.js';
import { sweepTempFiles, writeFileAtomic } from './atomic-write.js';
import { ADVISORY_ID } from '../feed/paths.js';
import { pollError } from './errors.js';

export const STATE_FORMAT = 'advisory-feed-poll-state/1';
export const STATE_FILE = 'state.json';

/** What the mirror holds for one advisory, as its verified index entry said. */
export interface ItemState {
  sha256: string;
  revision: number;
  modified: string;
  status: FeedStatus;
}

export interface PollState {
  format: typeof STATE_FORMAT;
  /** The group folder URL polled (informational: the feed may move, the group may not). */
  feed: string;
  group: string;
  /** Fingerprint of the publisher key the index was verified with. */
  publisher: string;
  /** Sequence of the last accepted index (rollback floor). */
  sequence: number;
  /** SHA-256 (hex) of the last accepted index plaintext, to catch "same sequence, other content". */
  indexSha256: string;
  generated: string;
  /** The last accepted index's expiry: checked again when the server answers 304 (freeze). */
  expires: string;
  /** HTTP validators of the last accepted index response. */
  etag?: string;
  lastModified?: string;
  /** When this poller accepted the index (ISO date-time). */
  accepted: string;
  /** By advisory id: what the mirror holds. */
  items: Record<string, ItemState>;
}

/**
 * Reads `<dir>/state.json`; undefined on the first run. Throws STATE_INVALID on anything odd,
 * including the state of another group than `group` (when given).
 */
export async function loadState(dir: string, group?: string): Promise<PollState | undefined> {
  const path = join(dir, STATE_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw invalid(path, `an unreadable file (${(error as NodeJS.ErrnoException).code ?? String(error)})`, error);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw invalid(path, 'text that is not JSON', error);
  }
  const problem = describeProblem(value);
  if (problem !== undefined) throw invalid(path, problem);
  const state = value as PollState;
  if (group !== undefined && state.group !== group) {
    throw pollError('STATE_INVALID', `Expected state of group "${group}" in ${path}, got state of group "${state.group}".`, {
      path, hint: 'Use one --state folder per group.',
    });
  }
  return state;
}

/** The state after accepting `index` (feed-format §8.13): what the mirror now holds. */
export function acceptedState(
  index: GroupIndex,
  indexSha256: string,
  response: { etag?: string; lastModified?: string },
  context: { feed: string; publisher: string; accepted: Date },
): PollState {
  const state: PollState = {
    format: STATE_FORMAT,
    feed: context.feed,
    group: index.group,
    publisher: context.publisher,
    sequence: index.sequence,
    indexSha256,
    generated: index.generated,
    expires: index.expires,
    accepted: context.accepted.toISOString(),
    items: Object.fromEntries(index.items.map((e) => [e.id, { sha256: e.sha256, revision: e.revision, modified: e.modified, status: e.status }])),
  };
  if (response.etag !== undefined) state.etag = response.etag;
  if (response.lastModified !== undefined) state.lastModified = response.lastModified;
  return state;
}

/** Replaces `<dir>/state.json` atomically (temp + fsync + rename). */
export async function saveState(dir: string, state: PollState): Promise<void> {
  try {
    await sweepTempFiles(dir);
    await writeFileAtomic(join(dir, STATE_FILE), `${JSON.stringify(state, null, 2)}\n`);
  } catch (error) {
    throw pollError('MIRROR_WRITE_FAILED', `Expected to write ${join(dir, STATE_FILE)}, got ${(error as Error).message}.`, {
      cause: error,
      hint: 'Check free space and permissions of --state; the mirror is complete and the next run repeats the update.',
    });
  }
}

function invalid(path: string, got: string, cause?: unknown) {
  return pollError('STATE_INVALID', `Expected poll state (${STATE_FORMAT}) in ${path}, got ${got}.`, {
    path,
    cause,
    hint: 'Restore the state directory from backup, or move it away to start over (the mirror is then rebuilt and rollback protection restarts from the next index).',
  });
}

const HEX64 = /^[0-9a-f]{64}$/;

function describeProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'a value that is not an object';
  const s = value as Record<string, unknown>;
  if (s.format !== STATE_FORMAT) return `format ${JSON.stringify(s.format)}`;
  for (const key of ['feed', 'group', 'publisher', 'generated', 'expires', 'accepted'] as const) {
    if (typeof s[key] !== 'string') return `a missing or non-string "${key}"`;
  }
  if (!Number.isSafeInteger(s.sequence) || (s.sequence as number) < 0) return `sequence ${JSON.stringify(s.sequence)}`;
  if (typeof s.indexSha256 !== 'string' || !HEX64.test(s.indexSha256)) return 'a bad "indexSha256"';
  for (const key of ['etag', 'lastModified'] as const) {
    if (s[key] !== undefined && typeof s[key] !== 'string') return `a non-string "${key}"`;
  }
  if (typeof s.items !== 'object' || s.items === null || Array.isArray(s.items)) return 'no "items" object';
  for (const [id, item] of Object.entries(s.items as Record<string, unknown>)) {
    const i = item as Partial<ItemState> | null;
    if (!ADVISORY_ID.test(id) || i === null || typeof i !== 'object' || typeof i.sha256 !== 'string' || !HEX64.test(i.sha256)
      || !Number.isSafeInteger(i.revision) || typeof i.modified !== 'string'
      || (i.status !== 'published' && i.status !== 'withdrawn')) {
      return `a bad entry for item ${JSON.stringify(id)}`;
    }
  }
  return undefined;
}
