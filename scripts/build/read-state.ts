/**
 * Stage `read-state`: the previous build's state from `<out>/.state.pgp`, and the changes to it
 * in `<out>/.state-changes.pgp` if there are (state/state-changes.ts), each opened with the
 * publisher key (decrypt + verify the signature; started by `open-state`, on another core while
 * `load` and `plan` ran), then parsed: nothing in them is trusted unverified. A missing
 * state is a fresh start; a state that does not open is an error, never silently ignored (it
 * would reset sequence numbers, and clients would reject the feed as a rollback).
 */
import path from 'node:path';
import { isFeedError } from '../feed/errors.js';
import { need, type BuildContext } from './context.js';
import { buildError } from './errors.js';
import { sha256Hex } from '../feed/hash.js';
import { readStateDocument, STATE_FILE, type BuildState } from './state/build-state.js';
import { parseChanges } from './state/parse-changes.js';
import { applyChanges, baseView, STATE_CHANGES_FILE, type StateChanges } from './state/state-changes.js';
import type { OutputListing } from './list-output.js';
import { readTouched, TOUCHED_FILE } from './write/touched-log.js';

export async function readState(ctx: BuildContext): Promise<void> {
  const signer = need(ctx, 'signer');
  const files = distrustTouched(ctx, await need(ctx, 'outputListing'));
  if (!files.has(STATE_FILE)) {
    ctx.previous = { state: undefined, stateHash: undefined, files };
    if ([...files].some((f) => /^groups\/[^/]+\/index\.pgp$/.test(f))) {
      ctx.warnings.push({
        code: 'STATE_MISSING',
        message: `${STATE_FILE} is missing but group indexes exist: sequence numbers restart from the clock and every item is sealed anew`,
      });
    }
    return;
  }
  const plaintext = await opened(ctx, 'stateOpening', STATE_FILE, signer.fingerprint);
  if (plaintext === undefined) throw removedDuringBuild(ctx, STATE_FILE);
  const { state, current } = readStateDocument(plaintext);
  const stateHash = sha256Hex(plaintext);
  const changes = files.has(STATE_CHANGES_FILE) ? await changesFor(ctx, state, stateHash) : undefined;
  if (changes === undefined) {
    ctx.previous = { state, base: baseView(state), stateHash, stateCurrent: current, files };
    return;
  }
  const applied = applyChanges(state, changes.changes);
  ctx.previous = { state: applied.state, base: applied.base, stateHash, stateCurrent: current, changesHash: changes.sha256, files };
}

/**
 * The listing, with the files an unfinished build wrote down before changing them distrusted
 * (write/touched-log.ts): the state does not know what that build left in them.
 */
function distrustTouched(ctx: BuildContext, files: OutputListing): OutputListing {
  const touched = readTouched(ctx.options.out);
  if (touched.size === 0) return files;
  ctx.warnings.push({
    code: 'BUILD_UNFINISHED',
    message: `An earlier build stopped before it finished (${TOUCHED_FILE} names ${touched.size} files it may have changed): this build writes again those it publishes and removes the others`,
  });
  return files.distrusting(touched);
}

/**
 * The changes file's changes to `state`; undefined when they were left for an older generation of
 * it by a build stopped before it removed them (the state holds everything they did, and
 * seal-state removes them); BUILD_STATE_INVALID when they are changes to another state.
 */
async function changesFor(ctx: BuildContext, state: BuildState, stateHash: string): Promise<{ changes: StateChanges; sha256: string } | undefined> {
  const plaintext = await opened(ctx, 'changesOpening', STATE_CHANGES_FILE, need(ctx, 'signer').fingerprint);
  if (plaintext === undefined) throw removedDuringBuild(ctx, STATE_CHANGES_FILE);
  const changes = parseChanges(plaintext, path.join(ctx.options.out, STATE_CHANGES_FILE));
  const generation = state.generation ?? 0;
  if (changes.base.generation < generation) return undefined;
  if (changes.base.generation !== generation || changes.base.sha256 !== stateHash) {
    throw buildError('BUILD_STATE_INVALID', `Expected ${STATE_CHANGES_FILE} to name the state beside it (generation ${generation}), got changes to another state (generation ${changes.base.generation})`, {
      path: path.join(ctx.options.out, STATE_CHANGES_FILE),
      hint: `Restore ${STATE_FILE} and ${STATE_CHANGES_FILE} together from one deployment (docs/build.md "The build state").`,
    });
  }
  return { changes, sha256: sha256Hex(plaintext) };
}

/** The verified plaintext a state file was opened to (open-state.ts); BUILD_STATE_INVALID if it did not open. */
async function opened(ctx: BuildContext, key: 'stateOpening' | 'changesOpening', file: string, fingerprint: string): Promise<Uint8Array | undefined> {
  const opening = need(ctx, key);
  // The context lets go of the opened file: parsed, its bytes (~16 MB at 10,000 advisories, ~80
  // MB at 50,000) are garbage, and the promise would otherwise hold them until the build ends.
  delete ctx[key];
  try {
    return await opening;
  } catch (cause) {
    if (!isFeedError(cause)) throw cause;
    throw buildError('BUILD_STATE_INVALID', `Expected ${file} sealed by the signing key ${fingerprint}, got ${cause.code}`, {
      path: path.join(ctx.options.out, file),
      cause,
      hint: `If the publisher key was rotated or the file damaged, restore it or move it aside to start fresh (docs/build.md "State").`,
    });
  }
}

/** Listed, but not there when open-state read it: removed while this build held the lock. */
function removedDuringBuild(ctx: BuildContext, file: string) {
  return buildError('BUILD_STATE_INVALID', `Expected ${file} to stay in place during the build, got it removed`, {
    path: path.join(ctx.options.out, file),
    hint: 'Do not change the output folder while a build runs; restore the file and build again.',
  });
}
