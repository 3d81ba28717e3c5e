/**
 * Stage `read-state`: the previous build's state from `<out>/.state.pgp`, opened with the
 * publisher key (decrypt + verify the signature; started by `open-state`, on another core while
 * `load` and `plan` ran), then parsed: nothing in it is trusted unverified. A missing
 * state is a fresh start; a state that does not open is an error, never silently ignored (it
 * would reset sequence numbers, and clients would reject the feed as a rollback).
 */
import path from 'node:path';
import { isFeedError } from '../feed/errors.js';
import { need, type BuildContext } from './context.js';
import { buildError } from './errors.js';
import { sha256Hex } from '../feed/hash.js';
import { readStateDocument, STATE_FILE } from './state/build-state.js';

export async function readState(ctx: BuildContext): Promise<void> {
  const signer = need(ctx, 'signer');
  const files = await need(ctx, 'outputListing');
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
  const opening = need(ctx, 'stateOpening');
  // The context lets go of the opened state: parsed, its bytes (~16 MB at 10,000 advisories, ~80
  // MB at 50,000) are garbage, and the promise would otherwise hold them until the build ends.
  delete ctx.stateOpening;
  let plaintext: Uint8Array | undefined;
  try {
    plaintext = await opening;
  } catch (cause) {
    if (!isFeedError(cause)) throw cause;
    throw buildError('BUILD_STATE_INVALID', `Expected ${STATE_FILE} sealed by the signing key ${signer.fingerprint}, got ${cause.code}`, {
      path: path.join(ctx.options.out, STATE_FILE),
      cause,
      hint: `If the publisher key was rotated or the file damaged, restore it or move it aside to start fresh (docs/build.md "State").`,
    });
  }
  if (plaintext === undefined) {
    // Listed, but not there when open-state read it: removed while this build held the lock.
    throw buildError('BUILD_STATE_INVALID', `Expected ${STATE_FILE} to stay in place during the build, got it removed`, {
      path: path.join(ctx.options.out, STATE_FILE),
      hint: 'Do not change the output folder while a build runs; restore the file and build again.',
    });
  }
  const { state, current } = readStateDocument(plaintext);
  ctx.previous = { state, stateHash: sha256Hex(plaintext), stateCurrent: current, files };
}
