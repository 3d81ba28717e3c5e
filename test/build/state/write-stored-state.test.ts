/**
 * scripts/build/state/write-stored-state.ts: the stored state's canonical JSON written directly
 * is exactly canonicalJson(toStored(state)), for any state: the bytes every build hashes and
 * seals, and a no-op rebuild compares, must not move.
 */
import fc from 'fast-check';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { STATE_FORMAT, type BuildState, type GroupState, type ItemState } from '../../../scripts/build/state/build-state.js';
import { toStored } from '../../../scripts/build/state/stored-state.js';
import { writeStoredState } from '../../../scripts/build/state/write-stored-state.js';
import { canonicalJson } from '../../../scripts/feed/canonical-json.js';
import { throwsWithCode } from '../../helpers/assert.js';

const writer = suite('build: the stored state written directly');

/**
 * Keys that sort in surprising ways: integer-like (V8 orders those first), unicode, quotes. Not
 * `__proto__`: toStored would set a prototype with it, and advisory ids never take that form
 * (ADVISORY_ID).
 */
const key = fc.constantFrom('ADV-1', 'ADV-10', 'ADV-2', '17', '2', 'é', 'Z', 'a"b', '');
const hash = fc.constantFrom('a'.repeat(64), 'b'.repeat(64), 'c'.repeat(64), 'é');
const item: fc.Arbitrary<ItemState> = fc.record(
  { plaintext: hash, sha256: hash, size: fc.constantFrom(0, -0, 7, 2 ** 40), view: hash },
  { requiredKeys: ['plaintext', 'sha256', 'size'] },
);
const group: fc.Arbitrary<GroupState> = fc.record({
  sequence: fc.nat(), generated: fc.string(), expires: fc.string(), contentHash: hash, indexSha256: hash, recipientsId: hash,
  items: fc.dictionary(key, item, { maxKeys: 6 }),
});
const files = fc.dictionary(fc.constantFrom('index.html', 'a/index.html', '10', 'feed.json', 'b'), hash, { maxKeys: 4 });

const state: fc.Arbitrary<BuildState> = fc.record({
  format: fc.constant(STATE_FORMAT),
  publisher: fc.string(),
  renderer: fc.option(fc.string(), { nil: undefined }),
  groups: fc.dictionary(fc.constantFrom('g', 'group-01', '3', 'é'), group, { maxKeys: 3 }),
  public: files,
  publicInput: fc.option(hash, { nil: undefined }),
  publicBase: fc.option(hash, { nil: undefined }),
  publicViews: fc.option(fc.dictionary(key, hash, { maxKeys: 3 }), { nil: undefined }),
  publicPages: fc.option(files, { nil: undefined }),
  orphans: fc.dictionary(fc.string(), fc.string(), { maxKeys: 3 }),
}, { requiredKeys: ['format', 'publisher', 'groups', 'public', 'orphans'] }).chain((s) => fc.oneof(
  fc.constant(s),
  // publicLive as builds make it (every file, a signature beside some), or not implied by them.
  fc.subarray(Object.keys(s.public)).map((signed) => ({ ...s, publicLive: [...Object.keys(s.public), ...signed.map((f) => `${f}.asc`)].sort() })),
  fc.array(fc.constantFrom('index.html', 'stray', 'index.html.asc'), { maxLength: 3 }).map((live) => ({ ...s, publicLive: live })),
));

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
