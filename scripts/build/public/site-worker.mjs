// A site worker thread (site-renderer.ts): renders the public site with site.ts's renderSite, the
// very function the build's own thread would run (compiled beside this file in dist/, or through
// its TypeScript source when the build runs from the sources: import-sibling.mjs).
// Eleventy is imported as the worker starts, while the build's thread is busy sealing. It holds
// only public pages: the plan hands the public tier nothing else. A render it cannot do is
// answered with an error, and the build's thread renders it again itself.
import { parentPort } from 'node:worker_threads';
import { importSibling } from '../../feed/import-sibling.mjs';

const messageOf = (error) => (error instanceof Error ? error.message : String(error));

let renderSite;
try {
  ({ renderSite } = await importSibling(import.meta.url, './site'));
  await import('@11ty/eleventy');
} catch (error) {
  parentPort.postMessage({ id: -1, error: messageOf(error) });
}

if (renderSite !== undefined) {
  parentPort.on('message', ({ id, site, detail, listings }) => {
    renderSite(site, detail, detail, listings).then(
      (files) => parentPort.postMessage({ id, files: [...files] }),
      (error) => parentPort.postMessage({ id, error: messageOf(error) }),
    );
  });
  parentPort.postMessage({ id: -1 }); // ready
}
