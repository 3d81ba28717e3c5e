/**
 * scripts/build/state/state-changes.ts: the changes between two states, written as canonical
 * JSON and read back, make the second state from the first, for any two states, also after
 * other changes were applied in place; and they stop past their limit.
 */
import fc from 'fast-check';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { BuildState } from '../../../scripts/build/state/build-state.js';
import { checkChanges } from '../../../scripts/build/state/parse-changes.js';
import { applyChanges, baseView, CHANGES_FORMAT, diffState, stateEntries, type StateChanges } from '../../../scripts/build/state/state-changes.js';
import { canonicalEqual } from '../../../scripts/feed/canonical-equal.js';
import { canonicalJson } from '../../../scripts/feed/canonical-json.js';
import { arbitraryState, itemOf, stateOf } from './state-fixtures.js';

const changes = suite('build: the state\'s changes file');

const name = { sha256: 'a'.repeat(64), generation: 3 };
/** What the changes file carries: their canonical JSON, parsed and checked as read-state does. */
const roundTrip = (c: StateChanges): StateChanges => {
  const checked = checkChanges(JSON.parse(canonicalJson(c)));
  if (typeof checked === 'string') throw new Error(checked);
  return checked;
};
/** States of one publisher, as builds make them: each carries the base's generation. */
const states = (n: number) => fc.tuple(fc.array(arbitraryState, { minLength: n, maxLength: n }), fc.option(fc.nat(5), { nil: undefined })).map(([list, generation]) =>
  list.map((s): BuildState => (generation === undefined ? { ...s, publisher: 'P' } : { ...s, publisher: 'P', generation })));
const copy = (state: BuildState): BuildState => structuredClone(state);
/** A list no build makes (unsorted, an entry twice): diffState leaves it to a whole state. */
const notASet = (list: readonly string[] | undefined) => list?.some((file, i, all) => i > 0 && !((all[i - 1] as string) < file)) === true;

changes('the base and its changes, through canonical JSON, make the next state, for any two states', () => {
  fc.assert(fc.property(states(2) as fc.Arbitrary<[BuildState, BuildState]>, ([base, next]) => {
    const before = canonicalJson(base);
    const made = diffState(baseView(copy(base)), next, name, Number.MAX_SAFE_INTEGER);
    if (made === undefined) return notASet(next.publicLive) || notASet(base.publicLive);
    const after = applyChanges(copy(base), roundTrip(made)).state;
    assert.ok(canonicalEqual(after, next), `${canonicalJson(after)}\n${canonicalJson(next)}`);
    assert.is(canonicalJson(base), before);
    return true;
  }), { numRuns: 1000 });
});

changes('changes made after others were applied in place are the changes against the base itself', () => {
  fc.assert(fc.property(states(3) as fc.Arbitrary<[BuildState, BuildState, BuildState]>, ([base, mid, next]) => {
    const first = diffState(baseView(copy(base)), mid, name, Number.MAX_SAFE_INTEGER);
    if (first === undefined) return notASet(mid.publicLive) || notASet(base.publicLive);
    const applied = applyChanges(copy(base), roundTrip(first));
    assert.ok(canonicalEqual(applied.state, mid));
    const second = diffState(applied.base, next, name, Number.MAX_SAFE_INTEGER);
    const direct = diffState(baseView(copy(base)), next, name, Number.MAX_SAFE_INTEGER);
    if (second === undefined || direct === undefined) return second === direct && notASet(next.publicLive);
    assert.is(canonicalJson(second), canonicalJson(direct));
    assert.ok(canonicalEqual(applyChanges(copy(base), roundTrip(second)).state, next));
    return true;
  }), { numRuns: 1000 });
});

changes('holds only what differs, a removed entry as null, and the small fields whole', () => {
  const base = stateOf([1, 2, 3]);
  const next = stateOf([1, 3, 4], { renderer: 'r2', orphans: { 'groups/g/items/x.pgp': '2025-01-01T00:00:00.000Z' } });
  next.groups.g = { ...(next.groups.g as BuildState['groups'][string]), sequence: 2, items: { ...next.groups.g?.items, 'ADV-3': { ...itemOf(3), size: 33 } } };
  const made = diffState(baseView(base), next, name, 100);
  assert.equal(made, {
    format: CHANGES_FORMAT, base: name, whole: { renderer: 'r2' },
    groups: { g: { sequence: 2, generated: 'g', expires: 'e', contentHash: 'c', indexSha256: 'i', recipientsId: 'r', items: { 'ADV-3': { ...itemOf(3), size: 33 }, 'ADV-4': itemOf(4), 'ADV-2': null } } },
    maps: { public: {}, publicViews: null, publicPages: null, orphans: { 'groups/g/items/x.pgp': '2025-01-01T00:00:00.000Z' } },
    publicLive: {},
  });
});

changes('gives up past its limit: the build then writes a whole state', () => {
  const base = stateOf([1, 2, 3, 4, 5, 6, 7, 8]);
  const next = stateOf([1, 2, 3, 4, 5, 6, 10, 11]); // 7 and 8 removed, 10 and 11 added: 4 entries
  assert.is(stateEntries(base), 8 + 1 + 2);
  assert.ok(diffState(baseView(base), next, name, 4) !== undefined);
  assert.is(diffState(baseView(base), next, name, 3), undefined);
  assert.ok(diffState(baseView(base), base, name, 0) !== undefined, 'no changes are within any limit');
});

changes.run();
