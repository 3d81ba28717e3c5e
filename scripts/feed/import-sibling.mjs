// How a helper worker (job-worker.ts: startHelperWorker) imports a module of ours that sits beside
// it: `<name>.js` when the code is compiled (dist/); else, when it runs from the sources (the
// tests, the CLI without a current dist/), `<name>.ts` through tsx's tsImport. A worker thread
// does not get the TypeScript loader its parent was started with (`--import tsx` in its execArgv
// left `.ts` unknown to it on Node 20), and a worker is plain JavaScript so that it starts without
// one in dist/, where tsx, a development dependency, may be absent. Plain JavaScript itself.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

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
