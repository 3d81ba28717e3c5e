// A site worker thread (site-renderer.ts): renders the public site with site.ts's renderSite, the
// very function the build's own thread would run (compiled beside this file in dist/, or through
// its TypeScript source when the build runs from the sources: import-sibling.mjs).
// Eleventy is imported as the worker starts, while the build's thread is busy sealing. It holds
// only public pages: the plan hands the public tier nothing else. A render it cannot do is
// answered with an error, and the build's thread renders it again itself.
import { parentPort } from 'node:worker_threads';
import { messageOf, serveSibling } from '../../feed/import-sibling.mjs';

await serveSibling(import.meta.url, './site', async ({ renderSite }) => {
  await import('@11ty/eleventy');
  parentPort.on('message', ({ id, site, detail, listings }) => {
    renderSite(site, detail, detail, listings).then(
      (files) => parentPort.postMessage({ id, files: [...files] }),
      (error) => parentPort.postMessage({ id, error: messageOf(error) }),
    );
  });
});
