/**
 * The public files a build is about to change, written down before it changes them, in
 * `<out>/.build-touched` (docs/build.md "Failures"). A build that fails rolls back in process; a
 * build that is killed (SIGKILL, a cancelled CI job, a machine that went away) cannot, and may
 * leave pages and feeds of its own beside a state that does not know them: a page of an advisory
 * published by mistake would then stay up after the mistake is reverted, and a feed file the
 * state thinks unchanged would never be written again.
 *
 * The next build reads this list and distrusts every file on it (list-output.ts `distrusting`):
 * it writes again each one it publishes and removes the others (seal/orphans.ts), then drops the
 * list once its own output is committed. A rolled-back build puts the list back as it found it,
 * so a failed build still leaves --out byte-identical.
 *
 * Only files outside `groups/` are listed: a group's items and index, and the state, are checked
 * against the state by their hashes already (seal/seal-group.ts, read-state.ts), and unknown
 * files under `groups/` are orphans. Lines are written without fsync: a killed process's writes
 * reach the file system; a power cut is not covered.
 */
import { appendFileSync, readFileSync, rmSync, statSync, truncateSync } from 'node:fs';
import path from 'node:path';
import { STATE_FILE } from '../state/build-state.js';
import { STATE_CHANGES_FILE } from '../state/state-changes.js';

export const TOUCHED_FILE = '.build-touched';

/** Files whose state the build state accounts for by hash, never listed. */
function accountedFor(rel: string): boolean {
  return rel.startsWith('groups/') || rel === STATE_FILE || rel === STATE_CHANGES_FILE || rel === TOUCHED_FILE;
}

/** A relative path as the build writes them: forward slashes, no `.` or `..` step, no NUL or newline. */
function isOutputPath(rel: string): boolean {
  if (rel === '' || rel.startsWith('/') || /[\0\n\r\\]/.test(rel)) return false;
  return rel.split('/').every((step) => step !== '' && step !== '.' && step !== '..');
}

export interface TouchedLog {
  /** Writes down `rels` (relative to --out) before the build changes them. */
  record(rels: readonly string[]): void;
  /** After a rollback that restored everything: the list as the build found it (or none). */
  undo(): void;
  /** After a committed build that wrote again or removed every file the list named: no list. */
  clear(): void;
}

/** The log of --out `out`; the file is made on the first record. */
export function openTouchedLog(out: string): TouchedLog {
  const file = path.join(out, TOUCHED_FILE);
  const before = sizeOf(file);
  return {
    record(rels) {
      const lines = rels.filter((rel) => !accountedFor(rel));
      if (lines.length > 0) appendFileSync(file, `${lines.join('\n')}\n`, { mode: 0o600 });
    },
    undo() {
      if (before === undefined) rmSync(file, { force: true });
      else if (sizeOf(file) !== before) truncateSync(file, before);
    },
    clear() {
      rmSync(file, { force: true });
    },
  };
}

/**
 * The files an unfinished build wrote down (none when there is no list). A line that is no path
 * the build would write (the list sits in --out, where anyone who can write it can write the
 * output too) is skipped; so are files the state accounts for.
 */
export function readTouched(out: string): Set<string> {
  let text: string;
  try {
    text = readFileSync(path.join(out, TOUCHED_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Set();
    throw error;
  }
  return new Set(text.split('\n').filter((rel) => isOutputPath(rel) && !accountedFor(rel)));
}

function sizeOf(file: string): number | undefined {
  try {
    return statSync(file).size;
  } catch {
    return undefined;
  }
}
