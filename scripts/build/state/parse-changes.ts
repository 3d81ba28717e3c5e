/**
 * A changes file's plaintext (state-changes.ts) as StateChanges. It is signed by us, but a bug or
 * a format this version does not know must stop the build with BUILD_STATE_INVALID, naming the
 * file and what is wrong, never crash it or be half applied.
 */
import { buildError } from '../errors.js';
import { SHA256_HEX } from '../../feed/hash.js';
import { STATE_FILE, type ItemState } from './build-state.js';
import { CHANGES_FORMAT, MAPS, STATE_CHANGES_FILE, type StateChanges } from './state-changes.js';

/** `file`: the changes file's path, for the error. */
export function parseChanges(plaintext: Uint8Array, file: string): StateChanges {
  let doc: unknown;
  try {
    doc = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(plaintext));
  } catch (cause) {
    throw invalid(file, 'JSON that does not parse', cause);
  }
  const changes = checkChanges(doc);
  if (typeof changes === 'string') throw invalid(file, changes);
  return changes;
}

/** A parsed changes document's shape, or a description of what is wrong with it (for the error). */
export function checkChanges(doc: unknown): StateChanges | string {
  const changes = doc as StateChanges;
  if (typeof doc !== 'object' || doc === null || changes.format !== CHANGES_FORMAT) return `format ${JSON.stringify((doc as { format?: unknown } | null)?.format)}`;
  const { base } = changes;
  if (!isRecord(base) || typeof base.sha256 !== 'string' || !SHA256_HEX.test(base.sha256) || !Number.isSafeInteger(base.generation) || base.generation < 0) return 'no base';
  if (!isRecord(changes.whole) || !isRecord(changes.groups) || !isRecord(changes.maps)) return 'a broken document';
  for (const [id, group] of Object.entries(changes.groups)) {
    if (group === null) continue;
    if (!isRecord(group) || !Number.isSafeInteger(group.sequence) || !isRecord(group.items)) return `a broken entry for group ${id}`;
    for (const [item, value] of Object.entries(group.items)) if (value !== null && !isItem(value)) return `a broken item ${item} in group ${id}`;
  }
  for (const name of MAPS) {
    const changed = changes.maps[name];
    if (changed === undefined || (changed !== null && (!isRecord(changed) || !Object.values(changed).every((v) => v === null || typeof v === 'string')))) return `a broken ${name}`;
  }
  const live = changes.publicLive;
  if (live === undefined || (live !== null && (!isRecord(live) || !Object.values(live).every((v) => v === null || v === true)))) return 'a broken publicLive';
  return changes;
}

function isItem(value: unknown): value is ItemState {
  const item = value as ItemState;
  return isRecord(value) && typeof item.plaintext === 'string' && typeof item.sha256 === 'string' && Number.isSafeInteger(item.size) && (item.view === undefined || typeof item.view === 'string');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalid(file: string, got: string, cause?: unknown) {
  return buildError('BUILD_STATE_INVALID', `Expected state changes of format ${CHANGES_FORMAT}, got ${got}`, {
    path: file,
    cause,
    hint: `Restore ${STATE_FILE} and ${STATE_CHANGES_FILE} together from the previous deployment, or move both aside to start fresh (docs/build.md "The build state").`,
  });
}
