#!/usr/bin/env node
// Entry point. Runs the compiled CLI in dist/ when it was compiled from exactly the sources in
// scripts/ (bin/compiled.mjs), else the TypeScript sources through tsx, so a fresh `npm ci` is all
// a user needs either way. Only this file and the CLI set the exit code.
import { compiledMain } from './compiled.mjs';

const compiled = compiledMain();
if (compiled === undefined) {
  try {
    (await import('tsx/esm/api')).register();
  } catch {
    console.error('error: dist/ does not match the sources in scripts/ (or was never compiled), and tsx is not installed to run them. '
      + 'Run `npm ci` (with dev dependencies), or `npm run compile` once TypeScript is installed.');
    process.exit(1);
  }
}
const { main } = await import(compiled ?? '../scripts/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
