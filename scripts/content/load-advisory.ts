/**
 * One advisory file: front matter (shape, then meaning against the program) and body sections.
 * Returns the advisory when it is usable enough for cross-file checks, even if it has problems.
 */
import { checkAdvisory } from './check-advisory.js';
import { checkShape } from './check-shape.js';
import { parseFrontMatter } from './parse-front-matter.js';
import { Problems } from './problems.js';
import type { AdvisoryCache } from './advisory-cache.js';
import { readTextFile } from './read-text-file.js';
import type { ReadAhead } from './read-ahead.js';
import { advisorySchema } from './schemas.js';
import { splitSections } from './split-sections.js';
import type { Advisory, Program } from './types.js';

/**
 * `file` is relative to `root`, e.g. `advisories/ADV-2025-0042.md`. With a `cache` (builds), a
 * file unchanged since it last loaded without problems is taken from it instead of parsed.
 * `read`: how the file is read (default readTextFile; read-ahead.ts when a worker reads ahead).
 */
export async function loadAdvisory(root: string, file: string, program: Program | undefined, problems: Problems, cache?: AdvisoryCache, read?: ReadAhead['read']): Promise<Advisory | undefined> {
  const text = await (read === undefined ? readTextFile(root, file, problems) : read(file, problems));
  if (text === undefined) return undefined;
  const hit = cache?.get(file, text);
  if (hit !== undefined) return hit;
  const mine = new Problems();
  const advisory = parseAdvisory(text, file, program, mine);
  problems.list.push(...mine.list);
  if (cache !== undefined && advisory !== undefined && mine.size === 0) cache.set(file, text, advisory);
  return advisory;
}

function parseAdvisory(text: string, file: string, program: Program | undefined, problems: Problems): Advisory | undefined {
  const front = parseFrontMatter(text, file, problems);
  const segments = splitSections(front.body, front.bodyLine, file, problems);
  if (front.data === undefined) return undefined;
  if (checkShape(advisorySchema, front.data, file, front.lineOf, problems) === 'invalid') return undefined;
  return checkAdvisory(front.data, { file, lineOf: front.lineOf, segments, program, problems });
}
