/**
 * What a cache of derived data must be salted with: the code that derived it. A fingerprint is the
 * SHA-256 of the TypeScript sources of some folders of this repository and of the versions of
 * some packages, so changing either makes every entry of such a cache unknown (advisory-cache.ts,
 * build/view-hash-cache.ts).
 */
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sha256Hex } from '../feed/hash.js';

/** The repository's root, also when this module runs compiled from dist/. */
const REPO = fileURLToPath(new URL('../../', import.meta.url));

const made = new Map<string, Promise<string>>();

/**
 * `folders`: relative to the repository (`scripts/content`), each with every `.ts` file directly
 * in it; `packages`: names whose installed versions count. Worked out once per process.
 */
export function codeFingerprint(folders: readonly string[], packages: readonly string[]): Promise<string> {
  const key = JSON.stringify([folders, packages]);
  let fingerprint = made.get(key);
  if (fingerprint === undefined) {
    fingerprint = fingerprintOf(folders, packages);
    made.set(key, fingerprint);
  }
  return fingerprint;
}

async function fingerprintOf(folders: readonly string[], packages: readonly string[]): Promise<string> {
  const parts: string[] = [];
  for (const folder of folders) {
    const dir = path.join(REPO, folder);
    const names = (await readdir(dir)).filter((n) => n.endsWith('.ts')).sort();
    parts.push(...(await Promise.all(names.map(async (name) => `${folder}/${name}\n${sha256Hex(await readFile(path.join(dir, name)))}`))));
  }
  const require = createRequire(import.meta.url);
  for (const pkg of packages) parts.push(`${pkg} ${(require(`${pkg}/package.json`) as { version: string }).version}`);
  return sha256Hex(parts.join('\n'));
}
