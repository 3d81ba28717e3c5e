// A read-ahead worker thread (read-ahead.ts): reads content files with read-text-file.ts, the very
// function the loading thread would run (compiled beside this file in dist/, or through the
// TypeScript source when it runs from the sources: import-sibling.mjs), and sends back
// each file's text, or null when reading it found a problem: the loading thread then reads that
// file itself and reports the problem.
import { parentPort } from 'node:worker_threads';
import { serveSibling } from '../feed/import-sibling.mjs';

await serveSibling(import.meta.url, './read-text-file', ({ readTextFile }) => {
  parentPort.on('message', async ({ id, root, files }) => {
    const texts = [];
    for (const file of files) {
      let found = false;
      const problems = { add: () => { found = true; } };
      const text = await readTextFile(root, file, problems);
      texts.push(found || text === undefined ? null : text);
    }
    parentPort.postMessage({ id, texts });
  });
});
