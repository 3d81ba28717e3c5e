/**
 * The list of problems `check` collects. Loading never stops at the first problem: every stage adds
 * what it finds and carries on with what it could read, so one run reports everything.
 */
import { FeedError } from '../feed/errors.js';
import type { ContentCode } from './codes.js';

export type ContentProblem = FeedError<ContentCode>;

export interface Where {
  path: string;
  line?: number;
  hint?: string;
  cause?: unknown;
}

export class Problems {
  readonly list: ContentProblem[] = [];

  add(code: ContentCode, message: string, where: Where): void {
    const options: { path: string; line: number; hint?: string; cause?: unknown } = { path: where.path, line: where.line ?? 1 };
    if (where.hint !== undefined) options.hint = where.hint;
    if (where.cause !== undefined) options.cause = where.cause;
    this.list.push(new FeedError<ContentCode>(code, message, options));
  }

  get size(): number {
    return this.list.length;
  }
}

/** Problems in file order (path, then line), so the output reads like a compiler's. */
export function sortProblems(problems: ContentProblem[]): ContentProblem[] {
  return [...problems].sort(
    (a, b) => (a.path ?? '').localeCompare(b.path ?? '') || (a.line ?? 0) - (b.line ?? 0) || a.code.localeCompare(b.code),
  );
}

/** `value` as a short quoted string for "got ..." in messages; never long, never multi-line. */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
