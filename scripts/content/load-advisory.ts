/**
 * One advisory file: front matter (shape, then meaning against the program) and body sections.
 * Returns the advisory when it is usable enough for cross-file checks, even if it has problems.
 */
import { checkAdvisory } from './check-advisory.js';
import { checkShape } from './check-shape.js';
import { parseFrontMatter } from './parse-front-matter.js';
import { Problems } from './problems.js';
import type { AdvisoryCache } from './advisory-cache.js';
import type { ParsedAhead } from './parse-ahead-job.js';
import { readTextFile } from './read-text-file.js';
import { onSettled, type StatKeys } from './stat-keys.js';
import type { ReadAhead } from './read-ahead.js';
import { advisorySchema } from './schemas.js';
import { splitSections } from './split-sections.js';
import type { Advisory, Program } from './types.js';
import type { LoadTally } from './load-tally.js';

export interface LoadAdvisoryOptions {
  /** Builds: a file unchanged since it last loaded without problems is taken from it, not parsed. */
  cache?: AdvisoryCache;
  /**
   * With `cache`: every file read (here or by a worker) is recorded under its metadata, and,
   * reading here (no `read`), a file whose metadata say it is the very file the cache's key was
   * read from is not read at all (stat-keys.ts).
   */
  statKeys?: StatKeys;
  /** How the file is read (default readTextFile; read-ahead.ts when a worker reads ahead). */
  read?: ReadAhead['read'];
  /** The file as a parse-ahead worker read and parsed it (parse-ahead.ts), when it took this file. */
  ahead?: Promise<ParsedAhead | undefined>;
  /** Counts how the advisory was had (LoadedContent.tally). */
  tally?: LoadTally;
}

/** `file` is relative to `root`, e.g. `advisories/ADV-2025-0042.md`. */
export async function loadAdvisory(root: string, file: string, program: Program | undefined, problems: Problems, options: LoadAdvisoryOptions = {}): Promise<Advisory | undefined> {
  const { cache, read, statKeys, tally } = options;
  const counted = (advisory: Advisory, how: 'cached' | 'keyOnly' | 'unread') => {
    if (tally !== undefined) {
      tally.cached++;
      if (how !== 'cached') tally.keyOnly++;
      if (how === 'unread') tally.unread++;
    }
    return advisory;
  };
  const early = await options.ahead;
  // Reading in this thread: the very file recorded is not read at all.
  if (early === undefined && read === undefined && statKeys !== undefined && cache !== undefined) {
    const known = statKeys.known(file);
    const cached = known === undefined ? undefined : cache.getByKey(file, known.key, known.length);
    if (cached !== undefined) return counted(cached, 'unread');
  }
  // The file's fingerprint as opened, whichever thread read it, when it had settled (statKeys).
  let settled = early?.settled;
  const settle = statKeys === undefined ? undefined : (fingerprint: string) => void (settled = fingerprint);
  const readHere = () => readTextFile(root, file, problems, settle === undefined ? {} : onSettled(settle));
  /** The advisory, its file's fingerprint recorded under its key. */
  const recorded = (advisory: Advisory, length: number) => {
    const key = cache?.keyOf(advisory);
    if (settled !== undefined && key !== undefined) statKeys?.record(file, settled, { key, length });
    return advisory;
  };
  // A file the worker could not read is read again here, which reports the problem.
  let text = early?.text ?? (await (read === undefined ? readHere() : read(file, problems, settle)));
  if (text !== undefined && typeof text !== 'string') { // the read-ahead worker's key of a cached file
    const cached = cache?.getByKey(file, text.key, text.length);
    if (cached !== undefined) return recorded(counted(cached, 'keyOnly'), text.length);
    settled = undefined;
    text = await readHere();
  }
  if (text === undefined) return undefined;
  const hit = cache?.get(file, text);
  if (hit !== undefined) return recorded(counted(hit, 'cached'), text.length);
  if (tally !== undefined) tally.parsed++;
  if (early?.advisory) { // parsed by the worker without any problem: as good as a cache hit
    cache?.set(file, text, early.advisory);
    return recorded(early.advisory, text.length);
  }
  const mine = new Problems();
  const advisory = parseAdvisory(text, file, program, mine);
  problems.list.push(...mine.list);
  if (cache !== undefined && advisory !== undefined && mine.size === 0) {
    cache.set(file, text, advisory);
    recorded(advisory, text.length);
  }
  return advisory;
}

/** Parses one advisory file's text: front matter, shape, meaning against the program, sections. */
export function parseAdvisory(text: string, file: string, program: Program | undefined, problems: Problems): Advisory | undefined {
  const front = parseFrontMatter(text, file, problems);
  const segments = splitSections(front.body, front.bodyLine, file, problems);
  if (front.data === undefined) return undefined;
  if (checkShape(advisorySchema, front.data, file, front.lineOf, problems) === 'invalid') return undefined;
  return checkAdvisory(front.data, { file, lineOf: front.lineOf, segments, program, problems });
}
