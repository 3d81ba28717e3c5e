// A read-ahead worker thread (read-ahead.ts): reads content files with read-text-file.ts, the very
// function the loading thread would run (through source-text.ts; compiled beside this file in
// dist/, or through the TypeScript source when it runs from the sources: import-sibling.mjs), and
// sends back for each file its text, or only its cache key and length when the advisory cache
// holds it (source-text.ts forCache), or null when reading it found a problem: the loading thread
// then reads that file itself and reports the problem; and beside each, the file's fingerprint as
// opened, when it had settled (stat-keys.ts), for the loading thread to record. A job is read when
// it comes; the reply to one marked `keyed` waits for the cache's keys (`known`, a job of its
// own), which the loading thread sends once it has opened the cache.
import { parentPort } from 'node:worker_threads';
import { serveSibling } from '../feed/import-sibling.mjs';

await serveSibling(import.meta.url, './source-text', ({ readKeyed, forCache }) => {
  let knownNow;
  const known = new Promise((resolve) => { knownNow = resolve; });
  parentPort.on('message', async ({ id, root, files, keyed, known: keys }) => {
    if (keys !== undefined) {
      knownNow(new Set(keys));
      parentPort.postMessage({ id, texts: [] });
      return;
    }
    const read = files.map((file) => {
      let found = false;
      const problems = { add: () => { found = true; } };
      const keyed = readKeyed(root, file, problems);
      return found || keyed === undefined ? null : keyed;
    });
    const cached = keyed === true ? await known : new Set();
    parentPort.postMessage({
      id,
      texts: read.map((keyed) => (keyed === null ? null : forCache(keyed, cached))),
      settled: read.map((keyed) => keyed?.settled ?? null),
    });
  });
});
