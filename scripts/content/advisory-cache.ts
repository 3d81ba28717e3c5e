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
import { CACHE_DIR, readCacheEntries, worthRewriting, writeCacheEntries } from './cache-files.js';
import { codeFingerprint } from '../feed/code-fingerprint.js';
import { sha256Hex } from '../feed/hash.js';
import { lazySegments, sourceKey, type SectionPlace, type Source } from './source-text.js';
import type { Advisory, Segment } from './types.js';

export { CACHE_DIR };
const CACHE_FILE = 'advisories.json';
/** The loader's code (this folder) and the parsers it uses: a change of either parses everything again. */
export const LOADER_CODE = { sources: ['scripts/content'], packages: ['yaml', 'gray-matter', 'markdown-it', 'ajv'] } as const;

export interface AdvisoryCache {
  /** The cached advisory for this file name and text, if any. */
  get(file: string, text: string): Advisory | undefined;
  /** The same, for a file whose text was read elsewhere: its key (cacheKey) and the text's length. */
  getByKey(file: string, key: string, length: number): Advisory | undefined;
  /** Remembers a file that loaded without problems. */
  set(file: string, text: string, advisory: Advisory): void;
  /**
   * Writes the cache when enough changed (cache-files.ts worthRewriting): entries used by this
   * run only, so it never holds more than a few stale ones.
   */
  save(): Promise<void>;
  /** The keys (cacheKey) of the advisories it holds: what a parse-ahead worker need not parse. */
  known(): string[];
  /**
   * The key (cacheKey) of an advisory this run took from the cache or gave to it: its file's name
   * and text, hashed. Other advisories (files with problems) have none.
   */
  keyOf(advisory: Advisory): string | undefined;
}

/**
 * An advisory as cached: each segment's Markdown as its place in the file's text when it is a
 * slice of it (it is, unless the splitter changes it), since the entry is only ever used with the
 * very same text. Three quarters of the cache were Markdown; ~9 MB instead of ~37 MB to read and
 * parse for 10,000 advisories.
 */
type Stored = Omit<Advisory, 'segments'> & { segments: (Segment | SectionPlace)[] };

/** `context`: everything parsing depends on besides the file (the program). */
export async function openAdvisoryCache(root: string, context: unknown): Promise<AdvisoryCache> {
  const salt = sha256Hex(`${await codeFingerprint(LOADER_CODE.sources, LOADER_CODE.packages)}\n${JSON.stringify(context)}`);
  // Another salt: made by other loader code or for another program, so not ours to use.
  const previous = (await readCacheEntries(root, CACHE_FILE, salt)) as Record<string, Stored>;
  // Entries used by this run: the advisory handed out, and its segments as stored.
  const used = new Map<string, { advisory: Advisory; segments: Stored['segments'] }>();
  const keys = new Map<Advisory, string>();
  // Entries this run took from the cache, and made for it (parsed).
  let taken = 0;
  let made = 0;
  const cache: AdvisoryCache = {
    get: (file, text) => cache.getByKey(file, cacheKey(file, text), text.length),
    getByKey(file, key, length) {
      const hit = previous[key];
      // Not a copy: each entry is parsed for this run and used once (the loaded content is then
      // frozen; load-content.ts).
      const segments = hit === undefined ? undefined : restore(hit.segments, { root, file, key }, length);
      if (hit === undefined || segments === undefined) return undefined;
      used.set(key, { advisory: hit as unknown as Advisory, segments: hit.segments });
      // In place: the parsed entry is this run's own, and keeps its fields' order.
      (hit as unknown as Advisory).segments = segments;
      keys.set(hit as unknown as Advisory, key);
      taken++;
      return hit as unknown as Advisory;
    },
    set(file, text, advisory) {
      const key = cacheKey(file, text);
      // A parsed advisory keeps its text: a build that parses (a first build) renders every view,
      // and reading every file again for it cost ~1 s of the plan stage at 10,000 advisories.
      used.set(key, { advisory, segments: store(advisory.segments, text) });
      keys.set(advisory, key);
      made++;
    },
    async save() {
      if (!worthRewriting(made, Object.keys(previous).length - taken, used.size)) return;
      const entries: Record<string, Stored> = {};
      for (const [key, { advisory, segments }] of used) entries[key] = { ...advisory, segments };
      await writeCacheEntries(root, CACHE_FILE, salt, entries);
    },
    known: () => Object.keys(previous),
    keyOf: (advisory) => keys.get(advisory),
  };
  return cache;
}

/** What an advisory is cached under: its file's name and text (source-text.ts sourceKey). */
export const cacheKey = sourceKey;

function store(segments: Segment[], text: string): Stored['segments'] {
  let from = 0;
  return segments.map((segment) => {
    const at = text.indexOf(segment.markdown, from);
    if (at < 0) return segment;
    from = at + segment.markdown.length;
    return { tier: segment.tier, at, length: segment.markdown.length, line: segment.line };
  });
}

/**
 * The cached segments as sections that read their Markdown from `source` when asked
 * (source-text.ts); undefined if they do not fit its text, `length` characters long.
 */
function restore(stored: Stored['segments'], source: Source, length: number): Segment[] | undefined {
  for (const s of stored) {
    if ('markdown' in s) continue;
    if (!(Number.isInteger(s.at) && Number.isInteger(s.length) && s.at >= 0 && s.length >= 0 && s.at + s.length <= length)) return undefined;
  }
  return lazySegments(source, stored);
}

