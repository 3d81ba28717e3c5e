/**
 * scripts/build/state/parse-changes.ts: a changes file's plaintext that is not changes of this
 * format stops the build with BUILD_STATE_INVALID, naming the file and what is wrong.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { checkChanges, parseChanges } from '../../../scripts/build/state/parse-changes.js';
import { baseView, diffState, type StateChanges } from '../../../scripts/build/state/state-changes.js';
import { canonicalBytes } from '../../../scripts/feed/canonical-json.js';
import { throwsWithCode } from '../../helpers/assert.js';
import { stateOf } from './state-fixtures.js';

const parse = suite('build: parsing the state\'s changes');

const name = { sha256: 'a'.repeat(64), generation: 3 };
const changes = diffState(baseView(stateOf([1])), stateOf([2]), name, 10) as StateChanges;
const roundTrip = (c: StateChanges): StateChanges => parseChanges(canonicalBytes(c), '/out/.state-changes.pgp');

parse('reads the canonical JSON of changes back as they were', () => {
  assert.equal(roundTrip(changes), changes);
});

parse('JSON that does not parse, or is not UTF-8: BUILD_STATE_INVALID naming the file', () => {
  for (const bytes of [new TextEncoder().encode('{"format":'), Uint8Array.of(0x7b, 0xff, 0x7d)]) {
    const error = throwsWithCode(() => parseChanges(bytes, '/out/.state-changes.pgp'), 'BUILD_STATE_INVALID');
    assert.is((error as { path?: string }).path, '/out/.state-changes.pgp');
  }
  throwsWithCode(() => parseChanges(canonicalBytes({ ...changes, format: 'advisory-feed-state/3' }), 'x'), 'BUILD_STATE_INVALID');
});

parse('names what is wrong with a document that is not changes', () => {
  const good = roundTrip(changes);
  const broken: [unknown, RegExp][] = [
    [null, /format/],
    [{ ...good, format: 'advisory-feed-state/3' }, /format/],
    [{ ...good, base: { sha256: 'x', generation: 1 } }, /no base/],
    [{ ...good, base: { ...name, generation: -1 } }, /no base/],
    [{ ...good, groups: [] }, /broken document/],
    [{ ...good, groups: { g: { items: {} } } }, /group g/],
    [{ ...good, groups: { g: { ...good.groups.g, items: { 'ADV-1': { sha256: 's', size: 1 } } } } }, /item ADV-1 in group g/],
    [{ ...good, maps: { ...good.maps, public: { 'index.html': 1 } } }, /broken public/],
    [{ ...good, maps: { ...good.maps, orphans: undefined } }, /broken orphans/],
    [{ ...good, publicLive: { 'index.html': false } }, /broken publicLive/],
  ];
  for (const [doc, expected] of broken) {
    const got = checkChanges(JSON.parse(JSON.stringify(doc)) as unknown);
    assert.type(got, 'string');
    assert.match(got as string, expected);
  }
});

parse.run();
