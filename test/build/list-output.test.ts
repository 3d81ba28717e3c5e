/**
 * The `list-output` stage (scripts/build/list-output.ts): which files exist in --out, listed
 * several folders at a time, each group's item files by hash; the later stages reuse a file only
 * when it is listed, so a file deleted by hand between builds is written again.
 */
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { listOutputFiles, splitListing } from '../../scripts/build/list-output.js';
import { NOW, later, standardCorpus } from './corpus-fixture.js';
import { build, snapshot, tempOut } from './fixture.js';

const listing = suite('build: list-output');

listing('lists every regular file below the folder, relative with forward slashes, links left out', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'advisory-feed-list-'));
  await mkdir(path.join(dir, 'a/b/c'), { recursive: true });
  await mkdir(path.join(dir, 'empty'));
  for (const file of ['.state.pgp', 'top.html', 'a/one.pgp', 'a/b/two.asc', 'a/b/c/three.json']) await writeFile(path.join(dir, file), file);
  // 40 sibling folders: more than are read at once.
  for (let i = 0; i < 40; i++) {
    await mkdir(path.join(dir, 'pages', `p${i}`), { recursive: true });
    await writeFile(path.join(dir, 'pages', `p${i}`, 'index.html'), String(i));
  }
  await symlink(path.join(dir, 'top.html'), path.join(dir, 'link.html'));
  await symlink(path.join(dir, 'a'), path.join(dir, 'link-dir'));

  const files = await listOutputFiles(dir);
  const expected = ['.state.pgp', 'top.html', 'a/one.pgp', 'a/b/two.asc', 'a/b/c/three.json', ...Array.from({ length: 40 }, (_, i) => `pages/p${i}/index.html`)];
  assert.equal([...files].sort(), expected.sort());
  await rm(dir, { recursive: true });
});

listing('a missing output folder is an empty listing; a file where the folder should be is an error', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'advisory-feed-list-'));
  assert.equal([...await listOutputFiles(path.join(dir, 'nothing-here'))], []);
  await writeFile(path.join(dir, 'file'), 'x');
  try {
    await listOutputFiles(path.join(dir, 'file'));
    assert.unreachable('a file is not a folder');
  } catch (error) {
    assert.is((error as NodeJS.ErrnoException).code, 'ENOTDIR');
  }
  await rm(dir, { recursive: true });
});

const sha = (c: string) => c.repeat(64);
const paths = [
  '.state.pgp', 'index.html', 'advisories/adv-1/index.html', 'groups/a/index.pgp',
  `groups/a/items/${sha('1')}.pgp`, `groups/a/items/${sha('2')}.pgp`, `groups/b/items/${sha('3')}.pgp`,
  `groups/Not_A_Group/items/${sha('4')}.pgp`, 'groups/a/items/notes.txt', `groups/a/items/${sha('5')}.pgp.tmp-1`,
];

listing('OutputListing: has() and size over items by hash and other files by path, as the listing was', () => {
  const listed = splitListing(paths);
  assert.is(listed.size, paths.length);
  for (const file of paths) assert.ok(listed.has(file), file);
  for (const file of [`groups/a/items/${sha('3')}.pgp`, `groups/c/items/${sha('1')}.pgp`, 'groups/a/items/', 'index.htm', `groups/Not_A_Group/items/${sha('1')}.pgp`]) {
    assert.not.ok(listed.has(file), file);
  }
  assert.equal([...listed].sort(), [...paths].sort());
});

listing('listOutputFiles: each group\'s item files by hash as their folder is read, as splitListing has the same paths', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'advisory-feed-list-'));
  const files = [...paths, `groups/a/items/nested/${sha('6')}.pgp`, `groups/b/other/${sha('7')}.pgp`, `x/groups/a/items/${sha('8')}.pgp`];
  for (const file of files) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), file);
  }
  await mkdir(path.join(dir, `groups/a/items/${sha('9')}.pgp`)); // a folder named like an item
  const [listed, split] = [await listOutputFiles(dir), splitListing(files)];
  assert.equal([...listed.otherFiles].sort(), [...split.otherFiles].sort());
  assert.equal([...listed.itemFiles].map(([g, h]) => [g, [...h].sort()]).sort(), [...split.itemFiles].map(([g, h]) => [g, [...h].sort()]).sort());
  assert.equal([...listed.itemFiles.keys()].sort(), ['a', 'b']);
  assert.is(listed.size, files.length);
  assert.not.ok(listed.has(`groups/a/items/${sha('9')}.pgp`));
  await rm(dir, { recursive: true });
});

listing('a rebuild makes again what was deleted by hand: the page (signed again), the item (sealed again, so the index moves on)', async () => {
  const { corpus } = await standardCorpus();
  const out = await tempOut();
  await build(corpus, out, NOW);
  const before = await snapshot(out);
  const item = [...before.keys()].find((f) => /^groups\/[^/]+\/items\//.test(f)) as string;
  const page = [...before.keys()].find((f) => /^advisories\/[^/]+\/index\.html$/.test(f)) as string;
  assert.ok(item !== undefined && page !== undefined, 'the corpus has an item and a public page');
  await rm(path.join(out, item));
  await rm(path.join(out, page));

  const ctx = await build(corpus, out, later(1));
  const group = item.slice(0, item.indexOf('/items/'));
  const resealed = ctx.written.filter((f) => f.startsWith(`${group}/items/`));
  assert.is(resealed.length, 1, 'one item sealed again, under a new name');
  assert.equal([...ctx.written].sort(), ['.state-changes.pgp', page, `${page}.asc`, `${group}/index.pgp`, ...resealed].sort());
  const after = await snapshot(out);
  assert.is(after.get(page)?.sha256, before.get(page)?.sha256, 'the same page');
  for (const [file, entry] of after) {
    if (!ctx.written.includes(file)) assert.is(entry.sha256, before.get(file)?.sha256, `${file} untouched`);
  }
  await corpus.dispose();
});

listing.run();
