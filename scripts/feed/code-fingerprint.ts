/**
 * What a cache of derived data must be keyed or salted with: the code that derived it. A
 * fingerprint is the SHA-256 of some of this repository's source files and of the versions of
 * some packages, so changing either makes what the cache holds unknown: the parse cache
 * (content/advisory-cache.ts) and the partners' (content/partner-cache.ts), the view hash cache
 * (build/view-hash-cache.ts) and the rendering code of items and public pages
 * (build/render/renderer-id.ts). Read from the sources, also when
 * the caller runs compiled from dist/ (test/cli/compiled.test.ts), once per process.
 */
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sha256Hex } from './hash.js';

/** The repository's root, also when this module runs compiled from dist/. */
const REPO = fileURLToPath(new URL('../../', import.meta.url));

const made = new Map<string, Promise<string>>();

/**
 * `sources`: relative to the repository, each a file (`scripts/feed/format.ts`) or a folder
 * (`scripts/content`: every file under it); `packages`: names whose installed versions count.
 */
export function codeFingerprint(sources: readonly string[], packages: readonly string[]): Promise<string> {
  const key = JSON.stringify([sources, packages]);
  let fingerprint = made.get(key);
  if (fingerprint === undefined) {
    fingerprint = fingerprintOf(sources, packages);
    made.set(key, fingerprint);
  }
  return fingerprint;
}

async function fingerprintOf(sources: readonly string[], packages: readonly string[]): Promise<string> {
  const parts: string[] = [];
  for (const source of sources) {
    const full = path.join(REPO, source);
    const files = /\.[a-z]+$/.test(source)
      ? [full]
      : (await readdir(full, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name)).sort();
    const hashes = await Promise.all(files.map(async (file) => sha256Hex(await readFile(file))));
    files.forEach((file, i) => parts.push(`${path.relative(REPO, file)}\n${hashes[i] as string}`));
  }
  for (const pkg of packages) parts.push(`${pkg} ${await installedVersion(pkg)}`);
  return sha256Hex(parts.join('\n'));
}

/**
 * The version in a package's package.json, found from its entry point: some packages (openpgp)
 * do not export `./package.json`.
 */
async function installedVersion(pkg: string): Promise<string> {
  const entry = createRequire(import.meta.url).resolve(pkg);
  let dir = path.dirname(entry);
  for (;;) {
    const manifest = await readFile(path.join(dir, 'package.json'), 'utf8').then((text) => JSON.parse(text) as { name?: string; version?: string }, () => undefined);
    if (manifest?.name === pkg && typeof manifest.version === 'string') return manifest.version;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`Expected the package.json of ${pkg} above ${entry}, found none`);
    dir = parent;
  }
}
