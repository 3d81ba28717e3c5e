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
import type { Advisory, Segment } from './types.js';

export const CACHE_DIR = '.advisory-feed-cache';
const CACHE_FILE = 'advisories.json';
/** The loader's TypeScript sources (this folder), also when this module runs compiled from dist/. */
const CODE_DIR = fileURLToPath(new URL('../../scripts/content/', import.meta.url));

export interface AdvisoryCache {
  /** The cached advisory for this file name and text, if any. */
  get(file: string, text: string): Advisory | undefined;
  /** Remembers a file that loaded without problems. */
  set(file: string, text: string, advisory: Advisory): void;
  /** Writes the cache when it changed: entries used by this run only, so it never grows stale. */
  save(): Promise<void>;
  /** The keys (cacheKey) of the advisories it holds: what a parse-ahead worker need not parse. */
  known(): string[];
}

interface CacheDocument {
  salt: string;
  entries: Record<string, Stored>;
}

/**
 * An advisory as cached: each segment's Markdown as its place in the file's text when it is a
 * slice of it (it is, unless the splitter changes it), since the entry is only ever used with the
 * very same text. Three quarters of the cache were Markdown; ~9 MB instead of ~37 MB to read and
 * parse for 10,000 advisories.
 */
type Stored = Omit<Advisory, 'segments'> & { segments: (Segment | { tier: string | null; at: number; length: number; line: number })[] };

/** `context`: everything parsing depends on besides the file (the program). */
export async function openAdvisoryCache(root: string, context: unknown): Promise<AdvisoryCache> {
  const dir = path.join(root, CACHE_DIR);
  const salt = sha256(`${await codeFingerprint()}\n${JSON.stringify(context)}`);
  let previous: Record<string, Stored> = {};
  try {
    const doc = JSON.parse(await readFile(path.join(dir, CACHE_FILE), 'utf8')) as CacheDocument;
    if (doc.salt === salt && typeof doc.entries === 'object' && doc.entries !== null) previous = doc.entries;
  } catch {
    // no cache yet, or not one we can use: start empty
  }
  // Entries used by this run: the advisory handed out, and its segments as stored.
  const used = new Map<string, { advisory: Advisory; segments: Stored['segments'] }>();
  let changed = false;
  return {
    get(file, text) {
      const key = cacheKey(file, text);
      const hit = previous[key];
      // Not a copy: each entry is parsed for this run and used once (the loaded content is then
      // frozen; load-content.ts).
      const segments = hit === undefined ? undefined : restore(hit.segments, text);
      if (hit === undefined || segments === undefined) return undefined;
      used.set(key, { advisory: hit as unknown as Advisory, segments: hit.segments });
      // In place: the parsed entry is this run's own, and keeps its fields' order.
      (hit as unknown as Advisory).segments = segments;
      return hit as unknown as Advisory;
    },
    set(file, text, advisory) {
      used.set(cacheKey(file, text), { advisory, segments: store(advisory.segments, text) });
      changed = true;
    },
    async save() {
      if (!changed && used.size === Object.keys(previous).length) return;
      const entries: Record<string, Stored> = {};
      for (const [key, { advisory, segments }] of used) entries[key] = { ...advisory, segments };
      try {
        await mkdir(dir, { recursive: true, mode: 0o700 });
        await writeFile(path.join(dir, '.gitignore'), '*\n');
        const temp = path.join(dir, `${CACHE_FILE}.${process.pid}.tmp`);
        await writeFile(temp, JSON.stringify({ salt, entries } satisfies CacheDocument), { mode: 0o600 });
        await rename(temp, path.join(dir, CACHE_FILE));
      } catch {
        // a cache that cannot be written only costs the next build some time
      }
    },
    known: () => Object.keys(previous),
  };
}

/** What an advisory is cached under: its file's name and text. */
export function cacheKey(file: string, text: string): string {
  return sha256(`${file}\n${text}`);
}

function store(segments: Segment[], text: string): Stored['segments'] {
  let from = 0;
  return segments.map((segment) => {
    const at = text.indexOf(segment.markdown, from);
    if (at < 0) return segment;
    from = at + segment.markdown.length;
    return { tier: segment.tier, at, length: segment.markdown.length, line: segment.line };
  });
}

/** The cached segments with their Markdown taken from `text`; undefined if they do not fit it. */
function restore(stored: Stored['segments'], text: string): Segment[] | undefined {
  const segments: Segment[] = [];
  for (const s of stored) {
    if ('markdown' in s) segments.push(s);
    else if (Number.isInteger(s.at) && Number.isInteger(s.length) && s.at >= 0 && s.length >= 0 && s.at + s.length <= text.length) {
      segments.push({ tier: s.tier, markdown: text.slice(s.at, s.at + s.length), line: s.line });
    } else return undefined;
  }
  return segments;
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
