#!/usr/bin/env node
// `npm test`: type-check, lint, then every uvu suite under test/ (TypeScript through tsx).
// Ends with the plain line `N passed, N failed` that CI reads: N counts uvu tests, and a failed
// type-check or lint counts as one failure each. Extra arguments filter test files by pattern,
// e.g. `npm test -- poll` runs only test files whose path matches /poll/.
import { spawn } from 'node:child_process';

// Only `*.test.ts` files are suites (fixtures under test/ may be Markdown or keys).
const filter = process.argv[2];
const pattern = filter === undefined ? '.*\\.test\\.ts$' : `^(?=.*(?:${filter})).*\\.test\\.ts$`;
const quick = process.env.ADVISORY_FEED_QUICK === '1'; // skip type-check and lint while iterating

function run(command, args, { capture = false } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: capture ? ['ignore', 'pipe', 'inherit'] : 'inherit' });
    let output = '';
    if (capture) {
      child.stdout.on('data', (chunk) => {
        process.stdout.write(chunk);
        output += chunk;
      });
    }
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

let failedSteps = 0;
if (!quick) {
  console.log('> type-check (tsc --noEmit)');
  if ((await run('npx', ['tsc', '-p', 'tsconfig.json'])).code !== 0) failedSteps++;
  console.log('> lint (eslint)');
  if ((await run('npx', ['eslint', '.'])).code !== 0) failedSteps++;
}

console.log('> tests (uvu)');
const tests = await run(
  process.execPath,
  ['--import', 'tsx', 'node_modules/uvu/bin.js', 'test', pattern, '--no-color'],
  { capture: true },
);
const count = (label) => Number(new RegExp(`${label}:\\s+(\\d+)`).exec(tests.output)?.[1] ?? 0);
const total = count('Total');
const passed = count('Passed');
const skipped = count('Skipped');
let failed = total - passed - skipped + failedSteps;
if (tests.code !== 0 && failed === 0) failed = 1; // the runner itself crashed
if (total === 0) failed = Math.max(failed, 1); // running no test is a failure
console.log(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`);
process.exitCode = failed > 0 ? 1 : 0;
