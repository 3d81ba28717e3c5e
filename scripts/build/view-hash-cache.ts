/**
 * A cache of view hashes for builds (planning speed only): the plan hashes every view it makes,
 * the canonical JSON of its metadata and Markdown (~12 KB), ~40% of planning and ~275 MB of
 * short-lived strings at 10,000 advisories. A view is a function of its advisory's file, the
 * program, the plan code and its visibility (top tier, since when, the group's ceiling), so its
 * hash is kept under those and taken from here while none of them changes.
 *
 * Trust: the same as the advisory cache beside it (content/advisory-cache.ts), in the content
 * repository and never in --out. Whoever can write there can write the advisories themselves.
 * A hash decides whether an item is reused (seal/seal-group.ts), so every input of a view is in
 * its key or in the salt, and a hash that is not 64 hex digits is not used.
 */
import { readCacheEntries, worthRewriting, writeCacheEntries } from '../content/cache-files.js';
import { codeFingerprint } from '../feed/code-fingerprint.js';
import { LOADER_CODE } from '../content/advisory-cache.js';
import type { Advisory, Program } from '../content/types.js';
import { SHA256_HEX, sha256Hex } from '../feed/hash.js';
import type { KnownViewHashes } from './plan/index.js';

const CACHE_FILE = 'view-hashes.json';
/** What a view is made by: the loader (advisory-cache.ts) and the plan with what it imports. */
const PLAN_CODE = {
  sources: [...LOADER_CODE.sources, 'scripts/build/plan', 'scripts/build/view.ts', 'scripts/feed/canonical-json.ts'],
  packages: LOADER_CODE.packages,
};

export interface ViewHashCache extends KnownViewHashes {
  /**
   * Writes the cache when enough changed (content/cache-files.ts worthRewriting): entries used by
   * this run only, so it never holds more than a few stale ones.
   */
  save(): Promise<void>;
}

/** `sourceKeys`: each advisory's key in the advisory cache (load-content.ts); others are not cached. */
export async function openViewHashCache(root: string, program: Program, sourceKeys: ReadonlyMap<Advisory, string>): Promise<ViewHashCache> {
  const salt = sha256Hex(`${await codeFingerprint(PLAN_CODE.sources, PLAN_CODE.packages)}\n${JSON.stringify(program)}`);
  const previous = (await readCacheEntries(root, CACHE_FILE, salt)) as Record<string, Record<string, string>>;
  /** Advisory source key (its file's name and text, hashed) -> visibility -> viewHash. */
  const used: Record<string, Record<string, string>> = {};
  let made = 0;
  let taken = 0;
  const entryOf = (key: string) => (used[key] ??= {});
  return {
    get(advisory, visibility) {
      const key = sourceKeys.get(advisory);
      if (key === undefined) return undefined;
      const hash = (previous[key] as Record<string, unknown> | undefined)?.[visibility];
      if (typeof hash !== 'string' || !SHA256_HEX.test(hash)) return undefined;
      entryOf(key)[visibility] = hash;
      taken++;
      return hash;
    },
    set(advisory, visibility, viewHash) {
      const key = sourceKeys.get(advisory);
      if (key === undefined) return;
      entryOf(key)[visibility] = viewHash;
      made++;
    },
    async save() {
      if (!worthRewriting(made, countOf(previous) - taken, taken + made)) return;
      await writeCacheEntries(root, CACHE_FILE, salt, used);
    },
  };
}

function countOf(entries: Record<string, Record<string, string>>): number {
  let count = 0;
  for (const key in entries) count += Object.keys(entries[key] ?? {}).length;
  return count;
}
