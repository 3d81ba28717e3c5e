/**
 * One advisory file: front matter (shape, then meaning against the program) and body sections.
 * Returns the advisory when it is usable enough for cross-file checks, even if it has problems.
 */
import { checkAdvisory } from './check-advisory.js';
import { checkShape } from './check-shape.js';
import { parseFrontMatter } from './parse-front-matter.js';
import type { Problems } from './problems.js';
import { readTextFile } from './read-text-file.js';
import { advisorySchema } from './schemas.js';
import { splitSections } from './split-sections.js';
import type { Advisory, Program } from './types.js';

/** `file` is relative to `root`, e.g. `advisories/ADV-2025-0042.md`. */
export async function loadAdvisory(root: string, file: string, program: Program | undefined, problems: Problems): Promise<Advisory | undefined> {
  const text = await readTextFile(root, file, problems);
  if (text === undefined) return undefined;
  const front = parseFrontMatter(text, file, problems);
  const segments = splitSections(front.body, front.bodyLine, file, problems);
  if (front.data === undefined) return undefined;
  if (checkShape(advisorySchema, front.data, file, front.lineOf, problems) === 'invalid') return undefined;
  return checkAdvisory(front.data, { file, lineOf: front.lineOf, segments, program, problems });
}
