#!/usr/bin/env node
// Entry point. Runs the compiled CLI in dist/ when it was compiled from exactly the sources in
// scripts/ (bin/compiled.mjs), else the TypeScript sources through tsx, so a fresh `npm ci` is all
// a user needs either way. Only this file and the CLI set the exit code.
import { compiledMain } from './compiled.mjs';

const compiled = compiledMain();
if (compiled === undefined) (await import('tsx/esm/api')).register();
const { main } = await import(compiled ?? '../scripts/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
