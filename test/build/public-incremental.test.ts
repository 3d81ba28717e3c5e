/**
 * The public tier rendered incrementally (only the pages and CSAF documents of changed views), or
 * in batches (bounded memory), is the public tier rendered in full: the same public files with
 * the same bytes as a fresh build of the same content (signatures aside: they carry their time).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { renderPublic, renderPublicBatches, type PublicFile } from '../../scripts/build/public/index.js';
import { samplePublicViews, sampleProgram } from './csaf/sample-views.js';
import { NOW, later, standardCorpus } from './corpus-fixture.js';
import { ARMORED, FINGERPRINT, NOW as NOW_SAMPLE } from './public/render-sample.js';
import { build, snapshot, tempOut } from './fixture.js';

const incremental = suite('build: incremental public tier');

incremental('after an edit, pages, feeds and CSAF files equal those of a full render', async () => {
  const { corpus } = await standardCorpus();
  await corpus.advisory({ id: 'ADV-2025-0006', release: { public: '2025-07-01T00:00:00Z' }, body: '## Details\n\nAnother public one.' });
  const out = await tempOut();
  await build(corpus, out, NOW);
  await corpus.advisory({ id: 'ADV-2025-0006', release: { public: '2025-07-01T00:00:00Z' }, body: '## Details\n\nAnother public one, edited.', revisions: [{ date: '2025-07-09T00:00:00Z', note: 'Edited.' }] });
  const ctx = await build(corpus, out, later(1));
  const fresh = await tempOut();
  await build(corpus, fresh, later(1));
  const publicFiles = async (dir: string) => [...(await snapshot(dir)).keys()].filter((f) => !f.startsWith('groups/') && !f.startsWith('.state')).sort();
  assert.equal(await publicFiles(out), await publicFiles(fresh));
  for (const file of await publicFiles(fresh)) {
    if (file.endsWith('.asc') && file !== 'publisher.asc' && !file.includes('/openpgp/')) continue;
    assert.equal(await readFile(path.join(out, file)), await readFile(path.join(fresh, file)), file);
  }
  const written = ctx.written.filter((f) => !f.startsWith('groups/') && !f.startsWith('.state'));
  assert.ok(written.some((f) => f.includes('adv-2025-0006')), 'the edited page and document are written');
  assert.not.ok(written.some((f) => f.includes('adv-2025-0001')), 'the unchanged page and document are not');
  await corpus.dispose();
});

incremental('rendered in batches of one page, the public tier has the same files and bytes as in one run', async () => {
  const views = samplePublicViews();
  assert.ok(views.length >= 2, 'the sample has several public advisories');
  const context = { program: sampleProgram(), now: NOW_SAMPLE, publisher: { fingerprint: FINGERPRINT, armored: ARMORED } };
  const whole = await renderPublic(views, context);
  const batches: PublicFile[][] = [];
  await renderPublicBatches(views, context, { batch: 1 }, async (files) => {
    batches.push(files);
  });
  assert.ok(batches.length >= views.length, 'one batch per page, then the feeds');
  const byPath = (files: PublicFile[]) => new Map(files.map((f) => [f.path, Buffer.from(f.data).toString('hex')]));
  const batched = batches.flat();
  assert.is(new Set(batched.map((f) => f.path)).size, batched.length, 'no file twice');
  assert.equal(byPath(batched), byPath(whole));
});

incremental('a listing or key page rendered from the same input is kept, not rendered; with nothing to render, Eleventy is not run', async () => {
  const views = samplePublicViews();
  const context = { program: sampleProgram(), now: NOW_SAMPLE, publisher: { fingerprint: FINGERPRINT, armored: ARMORED } };
  const emittedBy = async (options: Parameters<typeof renderPublicBatches>[2]) => {
    const files: PublicFile[] = [];
    const rendered = await renderPublicBatches(views, context, options, async (batch) => {
      files.push(...batch);
    });
    return { paths: files.map((f) => f.path), rendered };
  };
  const full = await emittedBy({ batch: Infinity });
  assert.ok(full.paths.includes('index.html') && full.paths.includes('key/index.html'));
  assert.equal(Object.keys(full.rendered.pageInputs).sort(), ['index.html', 'key/index.html']);

  // Nothing changed: no page is rendered; the feeds and CSAF index files are still made.
  const none = await emittedBy({ batch: Infinity, only: new Set(), pageKept: (p, hash) => full.rendered.pageInputs[p] === hash });
  assert.equal(none.rendered.keptPages, ['index.html', 'key/index.html']);
  assert.not.ok(none.paths.some((p) => p.endsWith('.html')), `no HTML rendered: ${none.paths.join(', ')}`);
  assert.ok(none.paths.includes('feed.json') && none.paths.includes('atom.xml'));

  // Only the listing changed: it is rendered, the key page is not emitted.
  const listing = await emittedBy({ batch: Infinity, only: new Set(), pageKept: (p) => p === 'key/index.html' });
  assert.equal(listing.rendered.keptPages, ['key/index.html']);
  assert.ok(listing.paths.includes('index.html'));
  assert.not.ok(listing.paths.includes('key/index.html'));
  // Without `only` (a full render) nothing is kept, whatever the predicate says.
  assert.equal((await emittedBy({ batch: Infinity, pageKept: () => true })).rendered.keptPages, []);
});

incremental('a listing page\'s input changes with what it lists, not with an advisory\'s body', async () => {
  const views = samplePublicViews();
  const context = { program: sampleProgram(), now: NOW_SAMPLE, publisher: { fingerprint: FINGERPRINT, armored: ARMORED } };
  const inputsOf = async (list: typeof views) => (await renderPublicBatches(list, context, { batch: Infinity, only: new Set(), pageKept: () => true }, async () => undefined)).pageInputs;
  const before = await inputsOf(views);
  const [first, ...rest] = views;
  if (first === undefined) throw new Error('the sample has public views');
  const body = await inputsOf([{ ...first, markdown: `${first.markdown}\nOne more paragraph.\n` }, ...rest]);
  assert.equal(body, before);
  const title = await inputsOf([{ ...first, advisory: { ...first.advisory, title: `${first.advisory.title} (updated)` } }, ...rest]);
  assert.is.not(title['index.html'], before['index.html']);
  assert.is(title['key/index.html'], before['key/index.html']);
});

incremental.run();
