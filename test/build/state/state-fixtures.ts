/**
 * Build states for the state's tests: arbitrary ones for property tests (fast-check; keys that
 * sort in surprising ways, optional fields present or not, publicLive as builds make it or not),
 * and small fixed ones (stateOf).
 */
import fc from 'fast-check';
import { STATE_FORMAT, type BuildState, type GroupState, type ItemState } from '../../../scripts/build/state/build-state.js';

/**
 * Keys that sort in surprising ways: integer-like (V8 orders those first), unicode, quotes. Not
 * `__proto__`: toStored would set a prototype with it, and advisory ids never take that form
 * (ADVISORY_ID).
 */
export const key = fc.constantFrom('ADV-1', 'ADV-10', 'ADV-2', '17', '2', 'é', 'Z', 'a"b', '');
export const hash = fc.constantFrom('a'.repeat(64), 'b'.repeat(64), 'c'.repeat(64), 'é');
export const item: fc.Arbitrary<ItemState> = fc.record(
  { plaintext: hash, sha256: hash, size: fc.constantFrom(0, -0, 7, 2 ** 40), view: hash },
  { requiredKeys: ['plaintext', 'sha256', 'size'] },
);
export const group: fc.Arbitrary<GroupState> = fc.record({
  sequence: fc.nat(), generated: fc.string(), expires: fc.string(), contentHash: hash, indexSha256: hash, recipientsId: hash,
  items: fc.dictionary(key, item, { maxKeys: 6 }),
});
export const files = fc.dictionary(fc.constantFrom('index.html', 'a/index.html', '10', 'feed.json', 'b'), hash, { maxKeys: 4 });

export const arbitraryState: fc.Arbitrary<BuildState> = fc.record({
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

/** An item whose hashes and size are told apart by `n`. */
export const itemOf = (n: number): ItemState => ({ plaintext: `p${n}`.padEnd(64, '0'), sha256: `s${n}`.padEnd(64, '0'), size: n });

/** A state with one group `g` holding ADV-<n> for each n, and one public page. */
export function stateOf(ids: number[], extra: Partial<BuildState> = {}): BuildState {
  return {
    format: STATE_FORMAT, publisher: 'P', public: { 'index.html': 'h' }, publicLive: ['index.html', 'index.html.asc'], orphans: {},
    groups: { g: { sequence: 1, generated: 'g', expires: 'e', contentHash: 'c', indexSha256: 'i', recipientsId: 'r', items: Object.fromEntries(ids.map((n) => [`ADV-${n}`, itemOf(n)])) } },
    ...extra,
  };
}
