// How a helper worker (job-worker.ts: startHelperWorker) imports a module of ours that sits beside
// it: `<name>.js` when the code is compiled (dist/); else, when it runs from the sources (the
// tests, the CLI without a current dist/), `<name>.ts` through tsx's tsImport. A worker thread
// does not get the TypeScript loader its parent was started with (`--import tsx` in its execArgv
// left `.ts` unknown to it on Node 20), and a worker is plain JavaScript so that it starts without
// one in dist/, where tsx, a development dependency, may be absent. Plain JavaScript itself.
// serveSibling is the start every such worker shares: import, install the handler, say ready.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parentPort } from 'node:worker_threads';

/** @param {unknown} error */
export const messageOf = (error) => (error instanceof Error ? error.message : String(error));

/**
 * @param {string} base the worker's import.meta.url
 * @param {string} name the module's path relative to it, without extension (e.g. `./site`)
 */
export async function importSibling(base, name) {
  const compiled = new URL(`${name}.js`, base);
  if (existsSync(fileURLToPath(compiled))) return import(compiled.href);
  const { tsImport } = await import('tsx/esm/api');
  return tsImport(new URL(`${name}.ts`, base).href, base);
}

/**
 * How every helper worker starts (job-worker.ts's protocol): imports its module `name` beside it,
 * hands it to `serve`, which installs the message handler, then posts `{ id: -1 }` (ready), or
 * `{ id: -1, error }` when the import or `serve` failed, so the caller does the work itself.
 * @param {string} base the worker's import.meta.url
 * @param {string} name as for importSibling
 * @param {(module: any) => void | Promise<void>} serve
 */
export async function serveSibling(base, name, serve) {
  try {
    await serve(await importSibling(base, name));
  } catch (error) {
    parentPort.postMessage({ id: -1, error: messageOf(error) });
    return;
  }
  parentPort.postMessage({ id: -1 }); // ready
}
