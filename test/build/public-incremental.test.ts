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

incremental.run();
