/**
 * What a parse-ahead worker (parse-ahead.ts, parse-worker.mjs) does with a chunk of advisory
 * files: read each with readTextFile and parse it with parseAdvisory, the very functions the
 * loading thread runs, and hand back only what that thread can use as it is:
 *
 * - `null`: reading found a problem; the loading thread reads the file again and reports it;
 * - `{ text }`: the advisory cache already holds this file (its key is `known`), nothing parsed;
 * - `{ text, advisory }`: parsed without any problem;
 * - `{ text, advisory: null }`: parsing found problems; the loading thread parses it again and
 *   reports them with their codes, files and lines.
 */
import { cacheKey } from './advisory-cache.js';
import { parseAdvisory } from './load-advisory.js';
import { Problems } from './problems.js';
import { readTextFile } from './read-text-file.js';
import { onSettled } from './stat-keys.js';
import type { Advisory, Program } from './types.js';

/** `settled`: the file's fingerprint as opened, when it had settled (stat-keys.ts), for the loading thread to record. */
export type ParsedAhead = null | { text: string; advisory?: Advisory | null; settled?: string };

export async function parseChunk(root: string, files: readonly string[], program: Program, known: ReadonlySet<string>): Promise<ParsedAhead[]> {
  const results: ParsedAhead[] = [];
  for (const file of files) {
    const reading = new Problems();
    let settled: string | undefined;
    const text = await readTextFile(root, file, reading, onSettled((fingerprint) => void (settled = fingerprint)));
    const opened = settled === undefined ? {} : { settled };
    if (text === undefined || reading.size > 0) {
      results.push(null);
    } else if (known.has(cacheKey(file, text))) {
      results.push({ text, ...opened });
    } else {
      const problems = new Problems();
      const advisory = parseAdvisory(text, file, program, problems);
      results.push({ text, advisory: advisory !== undefined && problems.size === 0 ? advisory : null, ...opened });
    }
  }
  return results;
}
