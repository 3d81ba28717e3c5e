/**
 * scripts/build/state/write-stored-state.ts: the stored state's canonical JSON written directly
 * is exactly canonicalJson(toStored(state)), for any state: the bytes every build hashes and
 * seals, and a no-op rebuild compares, must not move.
 */
import fc from 'fast-check';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { STATE_FORMAT, type BuildState, type ItemState } from '../../../scripts/build/state/build-state.js';
import { toStored } from '../../../scripts/build/state/stored-state.js';
import { writeStoredState } from '../../../scripts/build/state/write-stored-state.js';
import { canonicalJson } from '../../../scripts/feed/canonical-json.js';
import { throwsWithCode } from '../../helpers/assert.js';
import { arbitraryState as state } from './state-fixtures.js';

const writer = suite('build: the stored state written directly');

writer('writes exactly canonicalJson(toStored(state)), for any state', () => {
  fc.assert(fc.property(state, (s) => writeStoredState(s).join('') === canonicalJson(toStored(s))), { numRuns: 2000 });
});

writer('writes each group\'s items as one piece, so that they are hashed without joining the document', () => {
  const one: ItemState = { plaintext: 'p', sha256: 's', size: 1 };
  const s: BuildState = {
    format: STATE_FORMAT, publisher: 'P', public: {}, orphans: {},
    groups: { a: { sequence: 1, generated: 'g', expires: 'e', contentHash: 'c', indexSha256: 'i', recipientsId: 'r', items: { 'ADV-1': one, 'ADV-2': one } } },
  };
  const parts = writeStoredState(s);
  assert.ok(parts.includes('{"ADV-1":[0,"s",1],"ADV-2":[0,"s",1]}'), parts.join(' | '));
  assert.is(parts.join(''), canonicalJson(toStored(s)));
});

writer('refuses what canonical JSON refuses, with FORMAT_INVALID', () => {
  const broken = (patch: Partial<ItemState> | Record<string, unknown>): BuildState => ({
    format: STATE_FORMAT, publisher: 'P', public: {}, orphans: {},
    groups: { a: { sequence: 1, generated: 'g', expires: 'e', contentHash: 'c', indexSha256: 'i', recipientsId: 'r', items: { 'ADV-1': { plaintext: 'p', sha256: 's', size: 1, ...patch } as ItemState } } },
  });
  throwsWithCode(() => writeStoredState(broken({ size: Number.NaN })), 'FORMAT_INVALID');
  throwsWithCode(() => writeStoredState(broken({ sha256: undefined })), 'FORMAT_INVALID');
  throwsWithCode(() => writeStoredState({ ...broken({}), publicViews: { x: new Date(0) as unknown as string } }), 'FORMAT_INVALID');
});

writer.run();
