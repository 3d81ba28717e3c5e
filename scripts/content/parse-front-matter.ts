/**
 * Splits a Markdown file into YAML front matter and body with gray-matter, using our YAML parser
 * as its engine so duplicate keys are errors and every key keeps its line.
 */
import matter from 'gray-matter';
import { parseYaml, type ParsedYaml } from './parse-yaml.js';
import type { Problems } from './problems.js';

export interface FrontMatter {
  /** The front matter as a plain mapping, or undefined when it is missing, broken or not a mapping. */
  data: Record<string, unknown> | undefined;
  lineOf: ParsedYaml['lineOf'];
  /** The Markdown after the closing `---`. */
  body: string;
  /** 1-based file line of the body's first line. */
  bodyLine: number;
}

/** Parses `text` (already \n-normalised); adds YAML_* problems for `file`. */
export function parseFrontMatter(text: string, file: string, problems: Problems): FrontMatter {
  const fallback: FrontMatter = { data: undefined, lineOf: () => 1, body: text, bodyLine: 1 };
  // gray-matter picks an engine from the text after the opening `---` (`---js` would eval the
  // front matter with its JavaScript engine), so only a bare `---` line may open front matter.
  const firstLine = text.slice(0, text.indexOf('\n') + 1 || text.length);
  if (!/^---[ \t]*\n?$/.test(firstLine)) {
    problems.add('YAML_NOT_MAPPING', 'Expected front matter opened by a `---` line, got none', {
      path: file,
      line: 1,
      hint: 'Start the file with `---`, the fields, then `---`',
    });
    return fallback;
  }
  let parsed: ParsedYaml = { data: undefined, lineOf: () => 1 };
  const engine = (source: string): object => {
    // gray-matter hands over the text right after `---`; its first line is the rest of that line.
    parsed = parseYaml(source, file, problems, 1);
    return {};
  };
  const refuse = (): object => {
    throw new Error('only YAML front matter is allowed');
  };
  let result: { content: string; isEmpty?: boolean };
  try {
    result = matter(text, { language: 'yaml', engines: { yaml: engine, json: refuse, js: refuse, javascript: refuse } }) as typeof result;
  } catch (error) {
    problems.add('YAML_INVALID', `Expected YAML front matter, got ${(error as Error).message}`, { path: file, line: 1, cause: error });
    return fallback;
  }
  const bodyStart = text.length - result.content.length;
  const bodyLine = text.slice(0, bodyStart).split('\n').length;
  const base = { lineOf: parsed.lineOf, body: result.content, bodyLine };
  if (result.isEmpty === true) {
    problems.add('YAML_NOT_MAPPING', 'Expected a mapping of fields between the `---` lines, got nothing', { path: file, line: 1 });
    return { data: undefined, ...base };
  }
  if (!text.slice(firstLine.length).split('\n').some((line) => /^---[ \t]*$/.test(line))) {
    problems.add('YAML_INVALID', 'Expected the front matter to end with a `---` line, got the end of the file', { path: file, line: 1 });
    return { data: undefined, ...base };
  }
  const data = parsed.data;
  if (data === undefined) return { data: undefined, ...base };
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    problems.add('YAML_NOT_MAPPING', `Expected a mapping of fields, got ${Array.isArray(data) ? 'a list' : data === null ? 'nothing' : 'a single value'}`, {
      path: file,
      line: 2,
      hint: 'Write one `field: value` per line',
    });
    return { data: undefined, ...base };
  }
  return { data: data as Record<string, unknown>, ...base };
}
