// Which code the CLI runs. `npm ci` (and `npm install`) compile scripts/ into dist/ (the package's
// `prepare` script, scripts/dev/compile.mjs) and record a fingerprint of the sources they came
// from. dist/ is used only while that fingerprint still matches the sources in scripts/: any edit,
// checkout or pull that changes a source makes the CLI run the TypeScript through tsx again (a
// few hundred milliseconds slower to start) until the next compile, so an older dist/ can never
// shadow the code you are looking at.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The repository (or installed package) root. */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Where the fingerprint of the compiled sources is kept, inside the compiled folder. */
export const FINGERPRINT_FILE = '.sources-sha256';
/** Folders of scripts/ that are development tools, run through tsx only and never compiled. */
export const NOT_COMPILED = ['bench', 'dev'];

/**
 * SHA-256 over the compiled sources (scripts/**\/*.ts and *.mjs but bench/ and dev/, each with its
 * path) and the TypeScript settings that shape the output (~7 ms for ~160 files).
 */
export function sourceFingerprint(root = ROOT) {
  const scripts = join(root, 'scripts');
  const files = readdirSync(scripts, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(ts|mjs)$/.test(e.name))
    .map((e) => join(e.parentPath, e.name))
    .filter((file) => !NOT_COMPILED.includes(relative(scripts, file).split(sep)[0]))
    .sort();
  const hash = createHash('sha256');
  for (const file of [...files, join(root, 'tsconfig.json'), join(root, 'tsconfig.build.json')]) {
    hash.update(relative(root, file).split(sep).join('/')).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

/** The file: URL of the compiled CLI when `dist` was compiled from exactly these sources, else undefined. */
export function compiledMain(root = ROOT, dist = join(root, 'dist')) {
  let recorded;
  try {
    recorded = readFileSync(join(dist, FINGERPRINT_FILE), 'utf8').trim();
  } catch {
    return undefined; // never compiled (or TypeScript was not installed)
  }
  let current;
  try {
    current = sourceFingerprint(root);
  } catch {
    return undefined; // sources not all readable: run them through tsx, which reports what is wrong
  }
  return recorded === current ? pathToFileURL(join(dist, 'cli', 'main.js')).href : undefined;
}
