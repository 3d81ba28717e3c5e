/**
 * Sections that read their text from the advisory file when asked, instead of holding it. A
 * build loads every advisory, but a rebuild renders only what changed: holding each file's text
 * (~4 KB an advisory) for the whole build cost ~200 MB of the heap at 50,000 advisories, the
 * largest share of what a no-op rebuild keeps, and is read for a handful of them.
 *
 * A source is known by its key: the SHA-256 of its file's name and text, as the advisory cache
 * knows it (advisory-cache.ts). Its text is read again only when a section is asked for, with the
 * same checks as loading (read-text-file.ts), and only a text with that very key is used: a file
 * changed since it was loaded stops the build with FILE_CHANGED, rather than mixing two versions
 * of one advisory in one build. The texts last read are kept, a few at a time (views of one
 * advisory are asked for one after another).
 */
import { FeedError } from '../feed/errors.js';
import { sha256Hex } from '../feed/hash.js';
import type { ContentCode } from './codes.js';
import { Problems } from './problems.js';
import { readTextFileSync } from './read-text-file.js';
import { onSettled } from './stat-keys.js';
import type { Segment } from './types.js';

/** What an advisory is known under: its file's name and text. */
export function sourceKey(file: string, text: string): string {
  return sha256Hex(`${file}\n${text}`);
}

/** A content file's text, read with readTextFile's checks, and its key. */
export interface KeyedText {
  text: string;
  key: string;
  /** The file's fingerprint as opened, when it had settled (stat-keys.ts settledFingerprint). */
  settled?: string;
}

/** readTextFile's text of `file` and its key; undefined after adding a problem to `problems`. */
export function readKeyed(root: string, file: string, problems: Problems): KeyedText | undefined {
  let settled: string | undefined;
  const text = readTextFileSync(root, file, problems, onSettled((fingerprint) => void (settled = fingerprint)));
  if (text === undefined) return undefined;
  const keyed: KeyedText = { text, key: sourceKey(file, text) };
  if (settled !== undefined) keyed.settled = settled;
  return keyed;
}

/**
 * What a loader holding a cache of parsed files under sourceKey needs of a file read elsewhere
 * (the read-ahead worker): its text, or only its key and the text's length when `known` holds
 * the key (the loader then needs nothing else, so no text is sent only to be dropped).
 */
export type ReadForCache = string | { key: string; length: number };

export function forCache(read: KeyedText, known: ReadonlySet<string>): ReadForCache {
  return known.has(read.key) ? { key: read.key, length: read.text.length } : read.text;
}

/** A content file as it was loaded: where it is (`file` relative to `root`) and its key. */
export interface Source {
  root: string;
  file: string;
  key: string;
}

/** Where a section is in its file's text. */
export interface SectionPlace {
  tier: string | null;
  at: number;
  length: number;
  line: number;
}

/** Texts read again, by key, newest last. */
const recent = new Map<string, string>();
/** Texts kept: a few advisories' worth (one advisory's views are asked for one after another). */
export const RECENT_TEXTS = 16;

/** The text of `source`, read again if it is not among the recent ones; throws FILE_CHANGED. */
export function sourceText(source: Source): string {
  const kept = recent.get(source.key);
  if (kept !== undefined) {
    recent.delete(source.key); // to the end: the newest
    recent.set(source.key, kept);
    return kept;
  }
  const problems = new Problems();
  const text = readTextFileSync(source.root, source.file, problems);
  if (text === undefined || sourceKey(source.file, text) !== source.key) {
    // The path only: a message must never quote advisory text.
    throw new FeedError<ContentCode>('FILE_CHANGED', `Expected ${source.file} as the build loaded it, got ${text === undefined ? 'a file it cannot read' : 'other text'}`, {
      path: source.file,
      hint: 'The file changed while the build ran: run the build again once it is saved.',
      ...(problems.list[0] === undefined ? {} : { cause: problems.list[0] }),
    });
  }
  recent.set(source.key, text);
  if (recent.size > RECENT_TEXTS) recent.delete(recent.keys().next().value as string);
  return text;
}

/** Forgets the texts read again (tests: to see a file read). */
export function forgetSourceTexts(): void {
  recent.clear();
}

/** Where a section's text is: its source and its place in it. Not enumerable: not part of the section. */
const PLACE = Symbol('section place');

interface LazySection {
  [PLACE]: { source: Source; at: number; length: number };
}

/** The one `markdown` getter of every such section. */
function readSection(this: LazySection): string {
  const { source, at, length } = this[PLACE];
  return sourceText(source).slice(at, at + length);
}

/**
 * Sections with the fields of a Segment, in its order (`tier`, `markdown`, `line`), whose
 * `markdown` is an enumerable getter reading `source`. Frozen. The places must fit the source's
 * text (the caller checks them against its length); a Segment among them is kept as it is.
 */
export function lazySegments(source: Source, places: readonly (SectionPlace | Segment)[]): Segment[] {
  return places.map((place) => {
    if ('markdown' in place) return place;
    const section: Record<string | symbol, unknown> = { tier: place.tier };
    Object.defineProperty(section, 'markdown', { get: readSection, enumerable: true });
    section.line = place.line;
    Object.defineProperty(section, PLACE, { value: { source, at: place.at, length: place.length } });
    return Object.freeze(section) as unknown as Segment;
  });
}
