/**
 * YAML with positions. We parse with `yaml`'s parseDocument (not js-yaml) because it reports
 * duplicate keys as errors and keeps every node's range, so each problem can name its line.
 * It is most of a first build's parsing (~0.15-0.3 ms a front matter); js-yaml 4 is ~10x faster,
 * but does not always read a document as `yaml` does, so it is no shortcut for this one reader
 * (docs/performance-log.md, round 28).
 */
import { LineCounter, isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
import type { Problems } from './problems.js';

/** Aliases allowed per document: real content uses none; a "billion laughs" uses thousands. */
const MAX_ALIASES = 50;

export interface ParsedYaml {
  /** The plain data, or undefined when the document did not parse. */
  data: unknown;
  /** 1-based file line of the value at `path` (keys' lines for mappings), best effort. */
  lineOf: (path: ReadonlyArray<string | number>) => number;
}

/**
 * Parses `text` as YAML. `firstLine` is the file line of the text's first line (front matter starts
 * after the `---` line). Adds YAML_INVALID / YAML_DUPLICATE_KEY problems and returns data undefined
 * when the document cannot be trusted.
 */
export function parseYaml(text: string, file: string, problems: Problems, firstLine = 1): ParsedYaml {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, uniqueKeys: true, prettyErrors: true });
  const lineAt = (offset: number): number => counter.linePos(offset).line + firstLine - 1;
  const lineOf = (path: ReadonlyArray<string | number>): number => lineAt(offsetOf(doc, path));
  let ok = true;
  for (const error of doc.errors) {
    ok = false;
    const line = lineAt(error.pos[0]);
    const message = (error.message.split('\n')[0] ?? error.message).replace(/ at line \d+, column \d+:?$/, '');
    if (error.code === 'DUPLICATE_KEY') {
      problems.add('YAML_DUPLICATE_KEY', 'Expected each key once, got a key repeated', {
        path: file,
        line,
        hint: 'Remove one of the two; YAML would silently keep only the last',
      });
    } else {
      problems.add('YAML_INVALID', `Expected valid YAML, got: ${message}`, { path: file, line });
    }
  }
  if (!ok) return { data: undefined, lineOf };
  try {
    return { data: doc.toJS({ maxAliasCount: MAX_ALIASES }), lineOf };
  } catch (error) {
    problems.add('YAML_INVALID', `Expected plain YAML, got ${(error as Error).message}`, { path: file, line: firstLine, cause: error });
    return { data: undefined, lineOf };
  }
}

/** Offset of the deepest node on `path` that exists: a mapping entry's key, or a list item. */
function offsetOf(doc: Document, path: ReadonlyArray<string | number>): number {
  let node: unknown = doc.contents;
  let offset = rangeStart(node) ?? 0;
  for (const step of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(step));
      if (pair === undefined) break;
      offset = rangeStart(pair.key) ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof step === 'number') {
      const item = node.items[step];
      if (item === undefined) break;
      offset = rangeStart(item) ?? offset;
      node = item;
    } else {
      break;
    }
  }
  return offset;
}

function rangeStart(node: unknown): number | undefined {
  return (node as Node | null)?.range?.[0];
}
