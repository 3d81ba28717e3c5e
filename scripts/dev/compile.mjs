#!/usr/bin/env node
// `npm run compile`, and the package's `prepare` step (so `npm ci` runs it): compiles scripts/ into
// dist/ with tsconfig.build.json (TypeScript's emit only: `npm test` type-checks), copies the plain
// JavaScript modules (*.mjs: worker threads, the client's renderer) beside them, and records the
// fingerprint of the sources last (bin/compiled.mjs), so a half-made dist/ is never used. The
// folder is made under another name and renamed into place.
//
// It never fails an install: without TypeScript (`npm ci --omit=dev`) or when the emit fails, it
// says so and leaves no dist/, and the CLI runs the sources through tsx.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { FINGERPRINT_FILE, NOT_COMPILED, ROOT, sourceFingerprint } from '../../bin/compiled.mjs';

const out = resolve(ROOT, process.argv[2] ?? 'dist'); // another folder for tests
const building = `${out}.partial-${process.pid}`;
const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

function giveUp(why) {
  rmSync(building, { recursive: true, force: true });
  console.warn(`compile: ${why}; the CLI runs the TypeScript sources through tsx instead (slower to start).`);
  process.exit(0);
}

if (!existsSync(tsc)) giveUp('TypeScript is not installed (npm ci --omit=dev?)');
const fingerprint = sourceFingerprint(); // of the sources as they were when the emit started
const emit = spawnSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', building], { stdio: 'inherit' });
if (emit.status !== 0) giveUp(`tsc exited with ${emit.status ?? emit.signal}`);

const scripts = join(ROOT, 'scripts');
for (const entry of readdirSync(scripts, { recursive: true, withFileTypes: true })) {
  const file = join(entry.parentPath, entry.name);
  const rel = relative(scripts, file);
  if (entry.isFile() && entry.name.endsWith('.mjs') && !NOT_COMPILED.includes(rel.split(sep)[0])) cpSync(file, join(building, rel));
}
writeFileSync(join(building, FINGERPRINT_FILE), `${fingerprint}\n`);
rmSync(out, { recursive: true, force: true });
renameSync(building, out);
console.log(`compile: scripts/ -> ${relative(ROOT, out)}/`);
