/**
 * encodeState (scripts/build/state/build-state.ts) writes the build state with one native
 * JSON.stringify for memory's sake; its bytes must be canonical JSON (feed-format §4), the very
 * bytes canonicalJson gives, or a no-op rebuild would rewrite the state.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { encodeState, parseState, STATE_FILE, type BuildState } from '../../scripts/build/state/build-state.js';
import { canonicalBytes } from '../../scripts/feed/canonical-json.js';
import { openSealed, readSecretKey } from '../../scripts/feed/openpgp.js';
import { NOW, standardCorpus } from './corpus-fixture.js';
import { build, tempOut } from './fixture.js';

const state = suite('build: state encoding');

state('a real build state encodes to the canonical JSON it was read from', async () => {
  const { corpus } = await standardCorpus();
  const out = await tempOut();
  await build(corpus, out, NOW);
  const key = await readSecretKey(corpus.publisher.secret);
  const plaintext = await openSealed(await readFile(path.join(out, STATE_FILE)), { decryptionKey: key, publisher: key.certificate });
  const parsed = parseState(plaintext);
  assert.equal(Buffer.from(encodeState(parsed)), Buffer.from(plaintext));
  assert.equal(Buffer.from(encodeState(parsed)), Buffer.from(canonicalBytes(parsed)));
  await corpus.dispose();
});

state('keys that look like array indexes, unicode and escapes: still canonicalJson\'s bytes', () => {
  const odd = {
    format: 'advisory-feed-state/1', publisher: 'P', public: { 'é/ü.html': 'a', 'Z': 'b', 'a"\\u2028': 'c' },
    orphans: { '10': 'x', '9': 'y', '': 'z' },
    groups: { g: { sequence: 3, generated: 'g', expires: 'e', contentHash: 'c', indexSha256: 'i', recipientsId: 'r', items: { 'ADV-1': { plaintext: 'p', recipientsId: 'r', path: 'items/x.pgp', size: 1.5e3, sha256: 's' } } } },
    publicLive: ['b', 'a'],
  } as unknown as BuildState;
  assert.equal(Buffer.from(encodeState(odd)), Buffer.from(canonicalBytes(odd)));
  const { orphans: _orphans, ...rest } = odd;
  const plain = { ...rest, orphans: {} } as BuildState;
  assert.equal(Buffer.from(encodeState(plain)), Buffer.from(canonicalBytes(plain)));
});

state.run();
