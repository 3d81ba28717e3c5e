/**
 * Step §8.5 (feed-format, §9.1): the sequence never goes down, and one sequence names one
 * index. A lower sequence is an old index replayed (TUF rollback attack); the same sequence with
 * other content means the publisher (or someone with its key) forked the feed.
 */
import type { GroupIndex } from '../feed/format.js';
import { pollError } from './errors.js';
import type { PollState } from './state.js';

/** The index a new one is checked against: the last accepted one's sequence and plaintext hash. */
export type SequenceFloor = Pick<PollState, 'sequence' | 'indexSha256'>;

/**
 * The floor from the state and from the index the mirror holds (mirror.ts readMirroredIndex),
 * whichever is higher: a run killed between writing the mirror and the state leaves the mirror
 * one index ahead, and an older index replayed then must not take the mirror back to it.
 */
export function sequenceFloor(state: SequenceFloor | undefined, mirrored: SequenceFloor | undefined): SequenceFloor | undefined {
  if (state === undefined || (mirrored !== undefined && mirrored.sequence > state.sequence)) return mirrored;
  return state;
}

/** `plaintextSha256`: SHA-256 (hex) of the verified index plaintext; `state`: sequenceFloor's floor. */
export function verifySequence(index: GroupIndex, plaintextSha256: string, state: SequenceFloor | undefined): GroupIndex {
  if (state === undefined) return index; // first run: trust on first use of the sequence
  if (index.sequence < state.sequence) {
    throw pollError('ROLLBACK', `Expected index sequence ${state.sequence} or higher, got ${index.sequence} (an older index replayed).`, {
      hint: 'Someone serves an old index: keep your mirror, do not reset the state, and tell the publisher.',
    });
  }
  if (index.sequence === state.sequence && plaintextSha256 !== state.indexSha256) {
    throw pollError('ROLLBACK', `Expected sequence ${index.sequence} to name the index already accepted (sha256 ${state.indexSha256}), got different content under the same sequence.`, {
      hint: 'Two different indexes carry one sequence: the publisher must bump the sequence; tell the publisher.',
    });
  }
  return index;
}
