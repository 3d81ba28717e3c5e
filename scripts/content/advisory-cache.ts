/**
 * A cache of parsed advisories for builds (loading speed only): an advisory file whose bytes,
 * name, program and loader code are unchanged since the last build is not parsed again (YAML,
 * sections and checks cost ~0.7 ms a file, seconds at 10,000 advisories). Only files that loaded
 * without any problem are cached, so every problem is still found and reported by parsing.
 *
 * The cache lives in the content repository (`<root>/.advisory-feed-cache/`, which ignores itself
 * in git): it holds what the advisory files there already hold, and never goes near `--out`.
 * A missing, unreadable or foreign cache is simply rebuilt.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Advisory } from './types.js';

export const CACHE_DIR = '.advisory-feed-cache';
const CACHE_FILE = 'advisories.json';
const CODE_DIR = fileURLToPath(new URL('.', import.meta.url));

export interface AdvisoryCache {
  /** The cached advisory for this file name and text, if any. */
  get(file: string, text: string): Advisory | undefined;
  /** Remembers a file that loaded without problems. */
  set(file: string, text: string, advisory: Advisory): void;
  /** Writes the cache when it changed: entries used by this run only, so it never grows stale. */
  save(): Promise<void>;
}

interface CacheDocument {
  salt: string;
  entries: Record<string, Advisory>;
}

/** `context`: everything parsing depends on besides the file (the program). */
export async function openAdvisoryCache(root: string, context: unknown): Promise<AdvisoryCache> {
  const dir = path.join(root, CACHE_DIR);
  const salt = sha256(`${await codeFingerprint()}\n${JSON.stringify(context)}`);
  let previous: Record<string, Advisory> = {};
  try {
    const doc = JSON.parse(await readFile(path.join(dir, CACHE_FILE), 'utf8')) as CacheDocument;
    if (doc.salt === salt && typeof doc.entries === 'object' && doc.entries !== null) previous = doc.entries;
  } catch {
    // no cache yet, or not one we can use: start empty
  }
  const used: Record<string, Advisory> = {};
  let changed = false;
  const keyOf = (file: string, text: string) => sha256(`${file}\n${text}`);
  return {
    get(file, text) {
      const key = keyOf(file, text);
      const hit = previous[key];
      if (hit !== undefined) used[key] = hit;
      // Not a copy: each entry is parsed for this run and used once (the loaded content is then
      // frozen; load-content.ts).
      return hit;
    },
    set(file, text, advisory) {
      used[keyOf(file, text)] = advisory;
      changed = true;
    },
    async save() {
      if (!changed && Object.keys(used).length === Object.keys(previous).length) return;
      try {
        await mkdir(dir, { recursive: true, mode: 0o700 });
        await writeFile(path.join(dir, '.gitignore'), '*\n');
        const temp = path.join(dir, `${CACHE_FILE}.${process.pid}.tmp`);
        await writeFile(temp, JSON.stringify({ salt, entries: used } satisfies CacheDocument), { mode: 0o600 });
        await rename(temp, path.join(dir, CACHE_FILE));
      } catch {
        // a cache that cannot be written only costs the next build some time
      }
    },
  };
}

let fingerprint: Promise<string> | undefined;

/** Hash of the loader's code and the parsers it uses: a change of either parses everything again. */
function codeFingerprint(): Promise<string> {
  fingerprint ??= (async () => {
    const names = (await readdir(CODE_DIR)).filter((n) => n.endsWith('.ts')).sort();
    const parts = await Promise.all(names.map(async (n) => `${n}\n${sha256(await readFile(path.join(CODE_DIR, n)))}`));
    const require = createRequire(import.meta.url);
    for (const pkg of ['yaml', 'gray-matter', 'markdown-it', 'ajv']) parts.push(`${pkg} ${(require(`${pkg}/package.json`) as { version: string }).version}`);
    return sha256(parts.join('\n'));
  })();
  return fingerprint;
}

function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
