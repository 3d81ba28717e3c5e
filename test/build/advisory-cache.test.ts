/**
 * The build's cache of parsed advisories (scripts/content/advisory-cache.ts): kept in the content
 * repository, ignored by git, never in --out; an edited file is parsed again; a file with
 * problems is never served from it, so a broken edit still stops the build.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { CACHE_DIR } from '../../scripts/content/advisory-cache.js';
import { forgetSourceTexts } from '../../scripts/content/source-text.js';
import { rejectsWithCode } from '../helpers/assert.js';
import { NOW, later, standardCorpus } from './corpus-fixture.js';
import { build, changed, snapshot, tempOut } from './fixture.js';

const cache = suite('build: cache of parsed advisories');

cache('lives in the content repository (git-ignored, owner-only), never in --out; edits and broken files are parsed again', async () => {
  const { corpus } = await standardCorpus();
  const out = await tempOut();
  await build(corpus, out, NOW);
  const dir = path.join(corpus.root, CACHE_DIR);
  // stat-keys.json only once the files are 2 s old when read (content/stat-keys.ts): the machine's speed decides.
  const files = (await readdir(dir)).filter((f) => f !== 'stat-keys.json').sort();
  assert.equal(files, ['.gitignore', 'advisories.json', 'key-checks.json', 'partners.json', 'view-hashes.json']);
  assert.is(await readFile(path.join(dir, '.gitignore'), 'utf8'), '*\n');
  for (const file of [...files.slice(1), ...(await readdir(dir)).filter((f) => f === 'stat-keys.json')]) assert.is((await stat(path.join(dir, file))).mode & 0o077, 0, file);
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

cache('an advisory file changed while a rebuild runs stops it with FILE_CHANGED, and the output stays as it was', async () => {
  const { corpus } = await standardCorpus();
  const out = await tempOut();
  await build(corpus, out, NOW);
  // Without the view hashes kept, the plan reads each advisory's sections: from its file, since
  // the rebuild takes the advisories from the cache.
  await rm(path.join(corpus.root, CACHE_DIR, 'view-hashes.json'));
  const before = await snapshot(out);
  const file = path.join(corpus.root, 'advisories/ADV-2025-0003.md');
  const text = readFileSync(file, 'utf8');
  forgetSourceTexts();
  const onProgress = (stage: string) => {
    if (stage === 'plan') writeFileSync(file, text.replace('CANARY-0003-base', 'CANARY-0003-saved-meanwhile'));
  };
  const error = await rejectsWithCode(build(corpus, out, later(1), { onProgress }), 'FILE_CHANGED');
  assert.match(String(error), /advisories\/ADV-2025-0003\.md/);
  assert.not.match(String(error), /CANARY/);
  assert.equal(changed(before, await snapshot(out)), []);
  // Run again, it builds the saved text.
  const again = await build(corpus, out, later(2));
  assert.ok(again.written.some((f) => f.startsWith('groups/trusted/items/')));
  await corpus.dispose();
});

cache.run();
