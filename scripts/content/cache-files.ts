/**
 * The folder of the build's caches in the content repository (`<root>/.advisory-feed-cache/`):
 * what is derived from the files there, kept to save time (advisory-cache.ts, partner-cache.ts,
 * stat-keys.ts, build/view-hash-cache.ts, build/key-check-cache.ts). It ignores itself in git, is
 * readable by its owner only, and never goes near `--out`.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

export const CACHE_DIR = '.advisory-feed-cache';

/**
 * The entries of a cache file made under `salt` (what its entries were derived with: code,
 * program, format), or none when the file is missing, unreadable, not JSON or of another salt,
 * so a foreign cache is simply rebuilt. Each entry is as stored: the caller checks its shape.
 */
export async function readCacheEntries(root: string, name: string, salt: string): Promise<Record<string, unknown>> {
  let doc: Partial<CacheDocument> | undefined;
  try {
    doc = JSON.parse(await readFile(path.join(root, CACHE_DIR, name), 'utf8')) as Partial<CacheDocument>;
  } catch {
    return {};
  }
  return doc?.salt === salt && typeof doc.entries === 'object' && doc.entries !== null ? doc.entries : {};
}

/**
 * Replaces a cache file whole with `entries` under `salt` (a temporary file renamed over it).
 * Never throws: a cache that cannot be written only costs the next build some time.
 */
export async function writeCacheEntries(root: string, name: string, salt: string, entries: Record<string, unknown> | ReadonlyMap<string, unknown>): Promise<void> {
  const dir = path.join(root, CACHE_DIR);
  const doc: CacheDocument = { salt, entries: entries instanceof Map ? Object.fromEntries(entries) : (entries as Record<string, unknown>) };
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await writeFile(path.join(dir, '.gitignore'), '*\n');
    const temp = path.join(dir, `${name}.${process.pid}.tmp`);
    await writeFile(temp, JSON.stringify(doc), { mode: 0o600 });
    await rename(temp, path.join(dir, name));
  } catch {
    // see above
  }
}

/** Every cache file: the salt its entries were made under, and the entries by key. */
interface CacheDocument {
  salt: string;
  entries: Record<string, unknown>;
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
