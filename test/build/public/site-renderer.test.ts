/**
 * The site worker (scripts/build/public/site-renderer.ts, site-worker.mjs) renders exactly what
 * renderSite renders in the build's own thread, and a render it fails is done again in the
 * build's thread, whose typed error is the one reported.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { renderPublic } from '../../../scripts/build/public/index.js';
import { createSiteRenderer } from '../../../scripts/build/public/site-renderer.js';
import { siteData, toAdvisoryPage } from '../../../scripts/build/public/site-data.js';
import type { AdvisoryView } from '../../../scripts/build/view.js';
import { rejectsWithCode } from '../../helpers/assert.js';
import { NOW as CORPUS_NOW, standardCorpus } from '../corpus-fixture.js';
import { build, snapshot, tempOut } from '../fixture.js';
import { samplePublicViews, sampleProgram } from '../csaf/sample-views.js';
import { ARMORED, FINGERPRINT, NOW } from './render-sample.js';

const renderer = suite('public: site worker');
const context = { program: sampleProgram(), now: NOW, publisher: { fingerprint: FINGERPRINT, armored: ARMORED } };

renderer('renders the same files, byte for byte, as the build thread', async () => {
  const site = createSiteRenderer({ worker: true });
  try {
    const inThread = await renderPublic(samplePublicViews(), context);
    const inWorker = await renderPublic(samplePublicViews(), context, { render: site.render });
    assert.equal(inWorker.map((f) => f.path), inThread.map((f) => f.path));
    for (const [i, file] of inWorker.entries()) assert.equal(Buffer.from(file.data), Buffer.from(inThread[i]?.data ?? []), file.path);
    assert.ok(inWorker.some((f) => f.path.endsWith('.html')));
  } finally {
    await site.close();
  }
});

renderer('a render the worker fails is reported as PUBLIC_RENDER_FAILED by the build thread', async () => {
  const site = createSiteRenderer({ worker: true });
  try {
    // Two advisory pages at one address: Eleventy refuses to write either.
    const page = toAdvisoryPage(samplePublicViews()[0] as AdvisoryView);
    const data = siteData(context.program, [page], context.publisher, 'key.asc');
    await rejectsWithCode(site.render(data, [page, page], []), 'PUBLIC_RENDER_FAILED');
  } finally {
    await site.close();
  }
});

renderer('a build with the site worker publishes the same public files as one without', async () => {
  const { corpus } = await standardCorpus();
  try {
    const inThread = await tempOut();
    const inWorker = await tempOut();
    await build(corpus, inThread, CORPUS_NOW, { siteWorker: false });
    await build(corpus, inWorker, CORPUS_NOW, { siteWorker: true });
    // Everything but the sealed files and the signatures (both carry the time they were made).
    const publicFiles = async (out: string) => [...(await snapshot(out))]
      .filter(([rel]) => !rel.startsWith('groups/') && !rel.startsWith('.state') && !rel.endsWith('.asc'))
      .map(([rel, entry]) => [rel, entry.sha256]);
    const files = await publicFiles(inWorker);
    assert.ok(files.some(([rel]) => rel === 'index.html'));
    assert.equal(files, await publicFiles(inThread));
  } finally {
    await corpus.dispose();
  }
});

renderer.run();
