/**
 * The folder of the build's caches in the content repository (`<root>/.advisory-feed-cache/`):
 * what is derived from the files there, kept to save time (advisory-cache.ts,
 * build/view-hash-cache.ts). It ignores itself in git, is readable by its owner only, and never
 * goes near `--out`. A cache file that is missing, unreadable or not JSON reads as undefined.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

export const CACHE_DIR = '.advisory-feed-cache';

/** The parsed JSON of a cache file, or undefined when there is none that parses. */
export async function readCacheFile(root: string, name: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path.join(root, CACHE_DIR, name), 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Replaces a cache file whole (a temporary file renamed over it). Never throws: a cache that
 * cannot be written only costs the next build some time.
 */
export async function writeCacheFile(root: string, name: string, json: string): Promise<void> {
  const dir = path.join(root, CACHE_DIR);
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await writeFile(path.join(dir, '.gitignore'), '*\n');
    const temp = path.join(dir, `${name}.${process.pid}.tmp`);
    await writeFile(temp, json, { mode: 0o600 });
    await rename(temp, path.join(dir, name));
  } catch {
    // see above
  }
}

/** A cache short of this many entries (or holding this many it need not) is written again anyway. */
export const REWRITE_AFTER = 32;

/**
 * Whether a cache is worth writing again, whole, after a run that made `made` entries it lacked
 * and left `unused` of those it held unused, of `used` in all. Rewriting it (~10 MB for the
 * parsed advisories at 10,000, ~50 MB at 50,000) to spare the next build the one parse an edit
 * needs costs more than that parse, so a few changes wait: the next build makes their entries
 * again (at most REWRITE_AFTER, ~1 ms each). A small cache (under 100 entries per change
 * allowed) is written on every change, and a new or foreign one at once.
 */
export function worthRewriting(made: number, unused: number, used: number): boolean {
  const changes = made + unused;
  return changes > 0 && changes >= Math.min(REWRITE_AFTER, Math.max(1, Math.floor(used / 100)));
}
