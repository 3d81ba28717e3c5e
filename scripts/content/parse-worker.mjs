// A parse-ahead worker thread (parse-ahead.ts): reads and parses chunks of advisory files with
// parse-ahead-job.ts, which runs the loading thread's own readTextFile and parseAdvisory (compiled
// beside this file in dist/, or through the TypeScript sources when it runs from them:
// import-sibling.mjs). It first gets the program and the advisory cache's keys (`setup`), then
// answers one job per chunk. Plain JavaScript (workers start without a TypeScript loader).
import { parentPort } from 'node:worker_threads';
import { messageOf, serveSibling } from '../feed/import-sibling.mjs';

await serveSibling(import.meta.url, './parse-ahead-job', ({ parseChunk }) => {
  let setup;
  parentPort.on('message', async (message) => {
    if (message.type === 'setup') {
      setup = { program: message.program, known: new Set(message.known) };
      return;
    }
    try {
      if (setup === undefined) throw new Error('parse worker: a chunk came before its setup');
      const results = await parseChunk(message.root, message.files, setup.program, setup.known);
      parentPort.postMessage({ id: message.id, results });
    } catch (error) {
      parentPort.postMessage({ id: message.id, error: messageOf(error) });
    }
  });
});
