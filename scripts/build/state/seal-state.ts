/**
 * The new build state, sealed as the file that records it best (docs/build.md "The build state"):
 * nothing, when it is the previous state; the changes against `.state.pgp` (state-changes.ts),
 * when they are few; else a whole new `.state.pgp`, and a changes file beside it removed once
 * the new output is in place. The state's canonical JSON (~16 MB at 10,000 advisories, ~80 MB at
 * 50,000) is sealed in pieces, never joined: sealing it whole (the joined bytes, then
 * openpgp.js's copies of them) was the cold build's peak of memory.
 */
import { createHash } from 'node:crypto';
import { canonicalEqual } from '../../feed/canonical-equal.js';
import { canonicalJson } from '../../feed/canonical-json.js';
import type { Sealer } from '../../feed/openpgp.js';
import { STATE_FILE, stateParts, type BuildState, type PreviousBuild } from './build-state.js';
import { CHANGES_SHARE, diffState, STATE_CHANGES_FILE, stateEntries } from './state-changes.js';

export interface SealedState {
  /** STATE_FILE or STATE_CHANGES_FILE (relative to --out). */
  file: string;
  bytes: Uint8Array;
}

export interface StateOutcome {
  /** What to write; undefined when the previous state and changes already say it. */
  sealed: SealedState | undefined;
  /** A changes file this state makes obsolete, removed after the new output is in place. */
  remove: string[];
}

/**
 * `state` as this build should record it. `share`: the largest share of the state's entries
 * that changes may hold (CHANGES_SHARE; 0 never writes changes, 1 always does while a base is
 * read in this format).
 */
export async function sealState(state: BuildState, previous: PreviousBuild, sealer: Sealer, share = CHANGES_SHARE): Promise<StateOutcome> {
  const { base, files } = previous;
  const intact = files.has(STATE_FILE) && previous.stateCurrent === true && base !== undefined;
  const changesListed = files.has(STATE_CHANGES_FILE);
  const applied = previous.changesHash !== undefined;
  // The base's generation, which the state its changes make keeps.
  const generation = previous.state?.generation;
  const next: BuildState = generation === undefined ? state : { ...state, generation };

  if (intact && canonicalEqual(next, previous.state)) {
    // Changes left for an older state (read-state ignored them) go; applied ones stay.
    return { sealed: undefined, remove: changesListed && !applied ? [STATE_CHANGES_FILE] : [] };
  }
  if (intact && share > 0) {
    const name = { sha256: previous.stateHash as string, generation: generation ?? 0 };
    const changes = diffState(base, next, name, Math.floor(stateEntries(next) * share));
    if (changes !== undefined) {
      // Even no changes at all are written (an edit undone), never the file removed: a build
      // killed before removing it would leave the undone changes to the next build.
      const text = canonicalJson(changes);
      const hash = createHash('sha256');
      const bytes = await sealer.sealPieces([text], { onPlaintext: (piece) => hash.update(piece) });
      const same = applied && changesListed && hash.digest('hex') === previous.changesHash;
      return { sealed: same ? undefined : { file: STATE_CHANGES_FILE, bytes }, remove: [] };
    }
  }
  // A new base. With a changes file beside it, one generation on, so that the changes, if a build
  // is stopped before it removes them, read as older than this state (read-state.ts).
  const whole = changesListed ? { ...next, generation: (generation ?? 0) + 1 } : next;
  const hash = createHash('sha256');
  const bytes = await sealer.sealPieces(stateParts(whole), { onPlaintext: (piece) => hash.update(piece) });
  // One whose bytes are the previous state's anyway (read in this format, but not equal as
  // objects) is found by the hash of its bytes, taken while they are sealed: a state that
  // changed, by far the usual case, is then encoded once rather than twice (~0.1 s at 10,000).
  const same = intact && !changesListed && hash.digest('hex') === previous.stateHash;
  return { sealed: same ? undefined : { file: STATE_FILE, bytes }, remove: changesListed ? [STATE_CHANGES_FILE] : [] };
}
