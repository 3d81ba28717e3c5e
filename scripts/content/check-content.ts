/** The build's validate stage: the same rules as `advisory-feed check`, as one throw. */
import { FeedError } from '../feed/errors.js';
import type { ContentCode } from './codes.js';
import { loadContent, type LoadOptions } from './load-content.js';
import type { ContentProblem } from './problems.js';
import type { Content } from './types.js';

/** Thrown by checkContent: the first problem's code and place, with all of them in `problems`. */
export class ContentInvalidError extends FeedError<ContentCode> {
  readonly problems: ContentProblem[];

  constructor(problems: ContentProblem[]) {
    const first = problems[0] as ContentProblem;
    const options: { path?: string; line?: number; hint: string } = { hint: 'Run `advisory-feed check` to list every problem' };
    if (first.path !== undefined) options.path = first.path;
    if (first.line !== undefined) options.line = first.line;
    super(first.code, `Expected valid content, got ${problems.length} problem${problems.length === 1 ? '' : 's'}, the first: ${first.message}`, options);
    this.name = 'ContentInvalidError';
    this.problems = problems;
  }
}

/** Loads the content under `root` and returns it when valid; throws ContentInvalidError otherwise. */
export async function checkContent(root: string, options: LoadOptions = {}): Promise<Content> {
  const { content, problems } = await loadContent(root, options);
  if (problems.length > 0) throw new ContentInvalidError(problems);
  return content;
}
