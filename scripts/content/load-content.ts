/**
 * The `load` + `validate` stages for content: reads partners/program.yaml, advisories/*.md and
 * partners/*.md under a root, checks each file and then the rules that span files, and returns
 * the content model with every problem found. Nothing stops at the first problem.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { checkPublisherKey, findStraySecretKeys } from './check-key-files.js';
import { openAdvisoryCache } from './advisory-cache.js';
import { openPartnerCache } from './partner-cache.js';
import { openStatKeys } from './stat-keys.js';
import { parseAhead, type ParseAhead } from './parse-ahead.js';
import { readAhead } from './read-ahead.js';
import { deepFreeze } from './deep-freeze.js';
import { loadAdvisory } from './load-advisory.js';
import { emptyTally, type LoadTally } from './load-tally.js';
import { loadPartner } from './load-partner.js';
import type { InspectKey } from './check-partner-keys.js';
import * as crypto from '../feed/openpgp.js';
import { loadProgram, PROGRAM_FILE } from './load-program.js';
import { Problems, sortProblems, type ContentProblem } from './problems.js';
import type { Advisory, Content } from './types.js';

export interface LoadOptions {
  /** The time keys are checked against (expiry). Default: the current time. */
  now?: Date;
  /** Reuse advisories parsed by an earlier run (advisory-cache.ts; the build sets it). */
  cache?: boolean;
  /**
   * Read the advisory files ahead in a worker thread (read-ahead.ts). Default: when there are at
   * least READ_AHEAD_MIN_FILES of them (a worker costs more than it saves below that).
   */
  readAhead?: boolean;
  /**
   * Parse advisory files in a worker thread too, from the last file while this thread loads from
   * the first (parse-ahead.ts). Default: when at least PARSE_AHEAD_MIN_FILES of them are not in
   * the advisory cache (a worker costs ~0.2 s of CPU to start; parsing ~0.45 ms a file).
   */
  parseAhead?: boolean;
  /** How partner keys are inspected: the build passes its keyring's (default: inspectKey here). */
  inspectKey?: InspectKey;
  /**
   * Key files (partners/keys/) already read, by path: the build reads them ahead for its keyring
   * (build/load.ts), and loading takes them from here instead of reading each a second time.
   */
  keyTexts?: ReadonlyMap<string, string>;
}

export const READ_AHEAD_MIN_FILES = 1000;
export const PARSE_AHEAD_MIN_FILES = 1000;

export interface LoadedContent {
  /** Best effort when there are problems: files that could not be read are left out. */
  content: Content;
  /** Every problem, sorted by path and line; empty when the content is valid. */
  problems: ContentProblem[];
  /**
   * With `cache`: each advisory's key in the advisory cache (its file's name and text, hashed),
   * for caches of what is derived from it (build/view-hash-cache.ts). Files with problems have none.
   */
  sourceKeys?: ReadonlyMap<Advisory, string>;
  /** How many advisories were parsed, and how many taken from the advisory cache. */
  tally: LoadTally;
}

/** Loads and checks everything under `root` (the folder holding advisories/ and partners/). */
export async function loadContent(root: string, options: LoadOptions = {}): Promise<LoadedContent> {
  const now = options.now ?? new Date();
  const problems = new Problems();
  const { program, lineOf } = await loadProgram(root, problems);

  // Each file under partners/ is read once: the checks after loading take what it read from here.
  const read = new Map<string, string>(options.keyTexts);
  // Files are read and checked several at a time, partners' beside advisories (the key checks'
  // crypto on the thread pool overlaps the parsing); results keep the sorted file order, problems
  // are sorted at the end.
  const loadingPartners = listMarkdown(root, 'partners', problems).then(async (files) => {
    const cache = options.cache === true && program !== undefined ? await openPartnerCache(root, program) : undefined;
    const checks = { now, problems, inspectKey: options.inspectKey ?? crypto.inspectKey, cache, read };
    const partners = defined(await mapBounded(files, LOAD_CONCURRENCY, (file) => loadPartner(root, file, program, checks)));
    await cache?.save();
    return partners;
  });
  // Awaited below; until then a failure must not count as unhandled (which ends the process).
  loadingPartners.catch(() => undefined);
  const advisoryFiles = await listMarkdown(root, 'advisories', problems);
  // The read-ahead worker starts meanwhile, and sends only the key of a file the cache holds.
  const opening = options.cache === true && program !== undefined ? openAdvisoryCache(root, program) : Promise.resolve(undefined);
  opening.catch(() => undefined); // awaited below
  const readingAhead = options.readAhead ?? advisoryFiles.length >= READ_AHEAD_MIN_FILES;
  const reader = readAhead(root, advisoryFiles, { worker: readingAhead, known: opening.then((cache) => cache?.known() ?? []) });
  // Files are recorded under their metadata; reading here, files known by them are not read at all.
  const statKeys = options.cache === true ? await openStatKeys(root) : undefined;
  let advisories: Advisory[];
  let parser: ParseAhead | undefined;
  let sourceKeys: Map<Advisory, string> | undefined;
  const tally = emptyTally();
  try {
    const cache = await opening;
    const known = cache?.known() ?? [];
    if (program !== undefined && (options.parseAhead ?? advisoryFiles.length - known.length >= PARSE_AHEAD_MIN_FILES)) {
      parser = parseAhead(root, advisoryFiles, { program, known });
    }
    advisories = defined(await mapBounded(advisoryFiles, LOAD_CONCURRENCY, (file, i) =>
      loadAdvisory(root, file, program, problems, { cache, statKeys, ...(readingAhead ? { read: reader.read } : {}), ahead: parser?.take(i), tally })));
    await Promise.all([cache?.save(), statKeys?.save()]);
    if (cache !== undefined) {
      sourceKeys = new Map();
      for (const advisory of advisories) {
        const key = cache.keyOf(advisory);
        if (key !== undefined) sourceKeys.set(advisory, key);
      }
    }
  } finally {
    await Promise.all([reader.close(), parser?.close()]);
  }
  for (const advisory of advisories) deepFreeze(advisory);
  reportDuplicates(advisories, problems);

  const partners = await loadingPartners;
  reportDuplicates(partners, problems);

  if (program !== undefined) {
    // Every non-public group needs an active member; an empty one is usually a typo in `groups:`.
    program.groups.forEach((group, i) => {
      if (group.public) return;
      if (!partners.some((p) => p.status === 'active' && p.groups.includes(group.id))) {
        problems.add('GROUP_EMPTY', `Expected at least one active partner in group \`${group.id}\`, got none`, {
          path: PROGRAM_FILE,
          line: lineOf(['groups', i, 'id']),
          hint: 'Add the group to a partner\'s `groups:` or remove the group',
        });
      }
    });
    await checkPublisherKey(root, program, lineOf, now, problems, read);
  }
  await findStraySecretKeys(root, partners, program, problems, read);

  const empty = { publisher: { name: '', namespace: '', contact: '', url: '' }, tiers: [], groups: [], feed: { expiresAfter: 0, graceAfter: 0 }, source: { path: PROGRAM_FILE, line: 1 } };
  advisories.sort((a, b) => a.id.localeCompare(b.id));
  partners.sort((a, b) => a.id.localeCompare(b.id));
  return {
    content: { root: path.resolve(root), program: program ?? empty, advisories, partners },
    problems: sortProblems(problems.list),
    ...(sourceKeys === undefined ? {} : { sourceKeys }),
    tally,
  };
}

/** Files loaded at once. */
const LOAD_CONCURRENCY = 16;
/**
 * Files started between two turns of the event loop. Node hands a worker's messages over in one
 * go while more keep coming, so the read-ahead's replies alone could keep this thread from every
 * other worker's (the keyring's, the parse-ahead's) for seconds: a first build at 10,000
 * advisories saw the parse-ahead worker ready after 0.3 s, and its message after 4 s.
 */
const TURN_EVERY = 64;

/** `task` over `items`, at most `limit` at once, started in order; results in the order of `items`. */
async function mapBounded<T, R>(items: readonly T[], limit: number, task: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let turn: Promise<void> | undefined; // every lane waits for it: only then does the loop get a turn
  const lane = async () => {
    while (next < items.length) {
      if (turn !== undefined) await turn;
      if (next >= items.length) break;
      const i = next++;
      if (i % TURN_EVERY === TURN_EVERY - 1) {
        turn = new Promise((resolve) => setImmediate(() => {
          turn = undefined;
          resolve();
        }));
      }
      results[i] = await task(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}

function defined<T>(items: (T | undefined)[]): T[] {
  return items.filter((item): item is T => item !== undefined);
}

/** `dir/*.md` relative to root, sorted; README.md is documentation, not content. */
async function listMarkdown(root: string, dir: string, problems: Problems): Promise<string[]> {
  try {
    const entries = await readdir(path.join(root, dir), { withFileTypes: true });
    return entries
      .filter((e) => e.name.endsWith('.md') && e.name !== 'README.md' && !e.name.startsWith('.') && !e.isDirectory())
      .map((e) => `${dir}/${e.name}`)
      .sort();
  } catch (error) {
    problems.add('FILE_UNREADABLE', `Expected a folder ${dir}/ under the content root, got ${(error as NodeJS.ErrnoException).code ?? 'an error'}`, {
      path: dir,
      line: 1,
      hint: 'Run in the content repository or pass --root DIR',
    });
    return [];
  }
}

function reportDuplicates(items: { id: string; source: { path: string }; lines: Record<string, number> }[], problems: Problems): void {
  const first = new Map<string, string>();
  for (const item of items) {
    // Case-insensitive: ids become file names, and some file systems fold case.
    const key = item.id.toLowerCase();
    const earlier = first.get(key);
    if (earlier === undefined) first.set(key, item.source.path);
    else problems.add('ID_DUPLICATE', `Expected a unique id, got \`${item.id}\` also used by ${earlier}`, { path: item.source.path, line: item.lines.id ?? 1 });
  }
}
