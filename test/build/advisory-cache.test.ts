/**
 * The build's cache of parsed advisories (scripts/content/advisory-cache.ts): kept in the content
 * repository, ignored by git, never in --out; an edited file is parsed again; a file with
 * problems is never served from it, so a broken edit still stops the build.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { CACHE_DIR } from '../../scripts/content/advisory-cache.js';
import { rejectsWithCode } from '../helpers/assert.js';
import { NOW, later, standardCorpus } from './corpus-fixture.js';
import { build, snapshot, tempOut } from './fixture.js';

const cache = suite('build: cache of parsed advisories');

cache('lives in the content repository (git-ignored, owner-only), never in --out; edits and broken files are parsed again', async () => {
  const { corpus } = await standardCorpus();
  const out = await tempOut();
  await build(corpus, out, NOW);
  const dir = path.join(corpus.root, CACHE_DIR);
  assert.equal((await readdir(dir)).sort(), ['.gitignore', 'advisories.json', 'key-checks.json', 'view-hashes.json']);
  assert.is(await readFile(path.join(dir, '.gitignore'), 'utf8'), '*\n');
  for (const file of ['advisories.json', 'key-checks.json', 'view-hashes.json']) assert.is((await stat(path.join(dir, file))).mode & 0o077, 0, file);
  assert.ok([...(await snapshot(out)).keys()].every((f) => !f.includes(CACHE_DIR) && !f.includes('advisories.json')));

  // Cached: a no-op rebuild writes nothing.
  assert.equal((await build(corpus, out, later(1))).written, []);
  // An edit is parsed again: its item changes.
  await corpus.advisory({ id: 'ADV-2025-0003', release: { poc: '2025-07-05T00:00:00Z' }, body: 'CANARY-0003-base, edited.' });
  const edited = await build(corpus, out, later(2));
  assert.ok(edited.written.some((f) => f.startsWith('groups/trusted/items/')));
  // A broken edit is never taken from the cache.
  await corpus.file('advisories/ADV-2025-0003.md', '---\nid: ADV-2025-0003\n---\nno title\n');
  await rejectsWithCode(build(corpus, out, later(3)), 'BUILD_CONTENT_INVALID');
  await corpus.dispose();
});

cache.run();
