/**
 * A cache of parsed partner front matter for builds (loading speed only), beside the advisory
 * cache (`<root>/.advisory-feed-cache/partners.json`). Parsing the front matter of 300 partner
 * files of a few lines (YAML with positions, then the schema) took ~0.4 s of every rebuild's
 * thread. A partner file whose name and text (the same key as an advisory's: source-text.ts
 * sourceKey), program and loader code are unchanged is not parsed again: its mapping, its body and
 * the line of every field it has are taken from here. Only files whose front matter parsed and
 * passed the schema without any problem are cached; everything that depends on more than the file
 * (its groups against the program, its keys at --now) is checked on every load.
 *
 * The file is read on every load: a partner's status and groups decide who can read what, so a
 * partner is never taken by its file's metadata alone.
 */
import { codeFingerprint } from '../feed/code-fingerprint.js';
import { sha256Hex } from '../feed/hash.js';
import { LOADER_CODE } from './advisory-cache.js';
import { readCacheEntries, worthRewriting, writeCacheEntries } from './cache-files.js';
import type { ParsedYaml } from './parse-yaml.js';
import { sourceKey } from './source-text.js';

const CACHE_FILE = 'partners.json';

/** A partner file's front matter as loadPartner uses it. */
export interface ParsedPartnerFile {
  data: Record<string, unknown>;
  body: string;
  lineOf: ParsedYaml['lineOf'];
}

export interface PartnerCache {
  get(file: string, text: string): ParsedPartnerFile | undefined;
  /** Remembers front matter that parsed and passed the schema without any problem. */
  set(file: string, text: string, parsed: ParsedPartnerFile): void;
  /** Writes the cache when enough changed (cache-files.ts worthRewriting): entries of this run only. */
  save(): Promise<void>;
}

/** `lines`: the line of every path into `data` (JSON of the path), as the parse's lineOf gave it. */
interface Stored {
  data: Record<string, unknown>;
  body: string;
  lines: Record<string, number>;
}

/** `context`: everything parsing depends on besides the file (the program). */
export async function openPartnerCache(root: string, context: unknown): Promise<PartnerCache> {
  const salt = sha256Hex(`${await codeFingerprint(LOADER_CODE.sources, LOADER_CODE.packages)}\npartners\n${JSON.stringify(context)}`);
  const previous = await readCacheEntries(root, CACHE_FILE, salt);
  const used = new Map<string, Stored>();
  let taken = 0;
  let made = 0;
  return {
    get(file, text) {
      const key = sourceKey(file, text);
      const hit = Object.hasOwn(previous, key) ? previous[key] : undefined;
      if (hit === undefined || !isStored(hit)) return undefined;
      used.set(key, hit);
      taken++;
      // A copy: loadPartner keeps the mapping's arrays in the partner it returns.
      return { data: structuredClone(hit.data), body: hit.body, lineOf: lineOfStored(hit.lines) };
    },
    set(file, text, parsed) {
      used.set(sourceKey(file, text), { data: structuredClone(parsed.data), body: parsed.body, lines: linesOf(parsed.data, parsed.lineOf) });
      made++;
    },
    async save() {
      if (!worthRewriting(made, Object.keys(previous).length - taken, used.size)) return;
      await writeCacheEntries(root, CACHE_FILE, salt, used);
    },
  };
}

/** The line of the document (`[]`) and of every path into `data` that exists. */
function linesOf(data: unknown, lineOf: ParsedYaml['lineOf']): Record<string, number> {
  const lines: Record<string, number> = {};
  const walk = (value: unknown, path: (string | number)[]) => {
    lines[JSON.stringify(path)] = lineOf(path);
    if (Array.isArray(value)) value.forEach((item, i) => walk(item, [...path, i]));
    else if (typeof value === 'object' && value !== null) for (const [key, item] of Object.entries(value)) walk(item, [...path, key]);
  };
  walk(data, []);
  return lines;
}

/**
 * lineOf over stored lines: the line of the deepest node of `path` that exists, as parse-yaml.ts
 * answers (every existing path was stored, so the longest stored prefix is that node).
 */
function lineOfStored(lines: Record<string, number>): ParsedYaml['lineOf'] {
  return (path) => {
    for (let n = path.length; n >= 0; n--) {
      const line = lines[JSON.stringify(path.slice(0, n))];
      if (line !== undefined) return line;
    }
    return 1;
  };
}

function isStored(entry: unknown): entry is Stored {
  const e = entry as Partial<Stored> | null;
  return typeof e === 'object' && e !== null && typeof e.data === 'object' && e.data !== null && typeof e.body === 'string' && typeof e.lines === 'object' && e.lines !== null;
}
