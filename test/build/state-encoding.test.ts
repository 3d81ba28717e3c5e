/**
 * The build state (scripts/build/state/build-state.ts, stored-state.ts): its bytes are canonical
 * JSON (feed-format §4), so a no-op rebuild finds the same hash and rewrites nothing; format 3
 * writes a view that several groups see once, and keeps neither an item's path nor its recipient
 * set (both follow from the group); format-1 and format-2 states left by earlier versions are read
 * and carried on without resealing anything.
 */
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { encodeState, parseState, STATE_FILE, STATE_FORMAT, stateBytes, stateParts, type BuildState } from '../../scripts/build/state/build-state.js';
import { sha256Hex } from '../../scripts/feed/hash.js';
import { canonicalBytes } from '../../scripts/feed/canonical-json.js';
import { createSealer, openSealed, readSecretKey } from '../../scripts/feed/openpgp.js';
import { itemPath } from '../../scripts/feed/paths.js';
import { throwsWithCode } from '../helpers/assert.js';
import { NOW, later, standardCorpus } from './corpus-fixture.js';
import { build, snapshot, tempOut } from './fixture.js';

const state = suite('build: state encoding');

state('a real build state encodes to the canonical JSON it was read from, in format 3', async () => {
  const { corpus } = await standardCorpus();
  const out = await tempOut();
  await build(corpus, out, NOW);
  const key = await readSecretKey(corpus.publisher.secret);
  const plaintext = await openSealed(await readFile(path.join(out, STATE_FILE)), { decryptionKey: key, publisher: key.certificate });
  const parsed = parseState(plaintext);
  assert.is(parsed.format, STATE_FORMAT);
  assert.equal(Buffer.from(encodeState(parsed)), Buffer.from(plaintext));
  // What a rebuild compares, without joining the pieces: the hash of the bytes sealPieces sees.
  const seen = createHash('sha256');
  await (await createSealer(key, [key.certificate])).sealPieces(stateParts(parsed), { onPlaintext: (bytes) => seen.update(bytes) });
  assert.is(seen.digest('hex'), sha256Hex(plaintext));
  assert.equal(Buffer.from(stateBytes(stateParts(parsed))), Buffer.from(plaintext));
  assert.equal(Buffer.from(canonicalBytes(JSON.parse(new TextDecoder().decode(plaintext)))), Buffer.from(plaintext));
  const items = Object.values(parsed.groups).flatMap((g) => Object.values(g.items));
  assert.ok(items.length > 0);
  for (const item of items) assert.equal(Object.keys(item).sort(), ['plaintext', 'sha256', 'size', 'view']);
  await corpus.dispose();
});

state('format 3 writes a view that several groups see once, and reads back every item', () => {
  const hash = (c: string) => c.repeat(64);
  const group = (items: BuildState['groups'][string]['items']) => ({ contentHash: 'c', expires: 'e', generated: 'g', indexSha256: 'i', items, recipientsId: 'r', sequence: 3 });
  const state: BuildState = {
    format: STATE_FORMAT, publisher: 'P', orphans: {},
    public: { 'advisories/adv-1/index.html': hash('e'), 'index.html': hash('f') },
    publicLive: ['advisories/adv-1/index.html', 'advisories/adv-1/index.html.asc', 'index.html'],
    groups: {
      a: group({ 'ADV-1': { plaintext: hash('1'), sha256: hash('a'), size: 10, view: hash('9') }, 'ADV-2': { plaintext: hash('2'), sha256: hash('b'), size: 11 } }),
      b: group({ 'ADV-1': { plaintext: hash('1'), sha256: hash('c'), size: 12, view: hash('9') } }),
      c: group({ 'ADV-1': { plaintext: hash('3'), sha256: hash('d'), size: 13, view: hash('8') } }),
    },
  };
  const bytes = encodeState(state);
  const stored = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown> & { groups: Record<string, { items: unknown }> };
  assert.equal(stored.views, { 'ADV-1': [[hash('8'), hash('3')], [hash('9'), hash('1')]], 'ADV-2': [['', hash('2')]] });
  assert.equal(stored.groups.b?.items, { 'ADV-1': [1, hash('c'), 12] });
  // The public files by whether they are signed: the list of every public file follows from that.
  assert.equal(stored.public, { 'index.html': hash('f') });
  assert.equal(stored.publicSigned, { 'advisories/adv-1/index.html': hash('e') });
  assert.is(stored.publicLive, undefined);
  assert.equal(parseState(bytes), state);
  assert.equal(Buffer.from(canonicalBytes(JSON.parse(new TextDecoder().decode(bytes)))), Buffer.from(bytes));

  // A list of public files that the split does not imply is written as it is.
  const odd: BuildState = { ...state, publicLive: [...(state.publicLive ?? []), 'stray.txt'] };
  const oddStored = JSON.parse(new TextDecoder().decode(encodeState(odd))) as Record<string, unknown>;
  assert.equal(oddStored.publicLive, odd.publicLive);
  assert.equal(parseState(encodeState(odd)), odd);
});

/** The standard corpus built once; `read` opens and parses its state as the next build will. */
async function builtState() {
  const { corpus } = await standardCorpus();
  const out = await tempOut();
  await build(corpus, out, NOW);
  const key = await readSecretKey(corpus.publisher.secret);
  const file = path.join(out, STATE_FILE);
  const read = async () => parseState(await openSealed(await readFile(file), { decryptionKey: key, publisher: key.certificate }));
  /** Replaces the state with `doc`, sealed as the build seals it. */
  const replace = async (doc: unknown) => writeFile(file, await (await createSealer(key, [key.certificate])).seal(canonicalBytes(doc)));
  return { corpus, out, read, replace, current: await read() };
}

state('reads a format-2 state (every item whole): nothing written but the state, in format 3', async () => {
  const { corpus, out, read, replace, current } = await builtState();
  await replace({ ...current, format: 'advisory-feed-state/2' });

  const ctx = await build(corpus, out, NOW);
  assert.equal(ctx.written, ['.state.pgp']);
  assert.equal(await read(), current);
  await corpus.dispose();
});

state('reads a format-1 state: items kept, nothing resealed, state rewritten in format 3', async () => {
  const { corpus, out, read, replace, current } = await builtState();
  // What version 0.1.0 wrote: each item with its path and the recipient set it was sealed for.
  const old = structuredClone(current) as unknown as { format: string; groups: Record<string, { recipientsId: string; items: Record<string, Record<string, unknown>> }> };
  old.format = 'advisory-feed-state/1';
  for (const group of Object.values(old.groups)) {
    for (const item of Object.values(group.items)) Object.assign(item, { path: itemPath(item.sha256 as string), recipientsId: group.recipientsId });
  }
  await replace(old);
  const before = await snapshot(out);

  const ctx = await build(corpus, out, later(1));
  // Format 2 also hashes an index's content differently (indexContentHash), so a real format-1
  // state has its indexes re-issued once (same items, next sequence); no item is written again.
  assert.equal(ctx.written.filter((f) => !/^groups\/[^/]+\/index\.pgp$/.test(f)), ['.state.pgp']);
  const after = await snapshot(out);
  for (const [rel, entry] of before) if (rel.includes('/items/')) assert.equal(after.get(rel), entry, rel);
  for (const [id, group] of Object.entries((await read()).groups)) assert.equal(group.items, current.groups[id]?.items);
  await corpus.dispose();
});

state('a format-1 item sealed for another recipient set is dropped, so it is sealed anew', () => {
  const item = (sha: string, recipientsId: string) => ({ plaintext: 'p'.repeat(64), size: 10, sha256: sha, path: itemPath(sha), recipientsId });
  const v1 = {
    format: 'advisory-feed-state/1', publisher: 'P', public: {}, orphans: {},
    groups: { g: { sequence: 3, generated: 'g', expires: 'e', contentHash: 'c', indexSha256: 'i', recipientsId: 'now', items: { 'ADV-1': item('a'.repeat(64), 'now'), 'ADV-2': item('b'.repeat(64), 'before') } } },
  };
  const parsed = parseState(canonicalBytes(v1));
  assert.is(parsed.format, STATE_FORMAT);
  assert.equal(parsed.groups.g?.items, { 'ADV-1': { plaintext: 'p'.repeat(64), size: 10, sha256: 'a'.repeat(64) } });
});

state('reads text beyond ASCII as UTF-8, and refuses bytes that are not UTF-8 with BUILD_STATE_INVALID', () => {
  const doc = { format: STATE_FORMAT, publisher: 'P', public: {}, orphans: { 'groups/é/€.pgp': '2026-11-01T00:00:00.000Z' }, groups: {}, views: {} };
  assert.equal(parseState(canonicalBytes(doc)).orphans, doc.orphans);
  const bytes = canonicalBytes({ ...doc, orphans: { 'x.pgp': 'y' } });
  const at = Buffer.from(bytes).indexOf('x.pgp');
  for (const bad of [0xff, 0xc3]) { // never in UTF-8; a lead byte without its continuation
    const broken = Uint8Array.from(bytes);
    broken[at] = bad;
    throwsWithCode(() => parseState(broken), 'BUILD_STATE_INVALID');
  }
});

state('refuses a state of an unknown format with BUILD_STATE_INVALID', () => {
  const odd = { format: 'advisory-feed-state/9', publisher: 'P', public: {}, orphans: {}, groups: {} } as unknown as BuildState;
  throwsWithCode(() => parseState(canonicalBytes(odd)), 'BUILD_STATE_INVALID');
});

state('refuses a format-3 item that names no view of its advisory with BUILD_STATE_INVALID', () => {
  const group = (items: Record<string, unknown>) => ({ sequence: 3, generated: 'g', expires: 'e', contentHash: 'c', indexSha256: 'i', recipientsId: 'r', items });
  const doc = (items: Record<string, unknown>) => canonicalBytes({
    format: STATE_FORMAT, publisher: 'P', public: {}, orphans: {},
    views: { 'ADV-1': [['v'.repeat(64), 'p'.repeat(64)]] },
    groups: { g: group(items) },
  });
  assert.equal(parseState(doc({ 'ADV-1': [0, 'a'.repeat(64), 10] })).groups.g?.items, { 'ADV-1': { plaintext: 'p'.repeat(64), sha256: 'a'.repeat(64), size: 10, view: 'v'.repeat(64) } });
  for (const bad of [[1, 'a'.repeat(64), 10], [0, 7, 10], [0, 'a'.repeat(64)], { pair: 0 }]) {
    throwsWithCode(() => parseState(doc({ 'ADV-1': bad })), 'BUILD_STATE_INVALID');
  }
  throwsWithCode(() => parseState(doc({ 'ADV-2': [0, 'a'.repeat(64), 10] })), 'BUILD_STATE_INVALID');
});

state.run();
