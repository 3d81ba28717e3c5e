/**
 * Stage `validate`: the rules of `advisory-feed check`. Any problem stops the build before a file
 * is written; the error carries every problem (the CLI lists them as `path:line: CODE message`).
 */
import { ContentInvalidError } from '../content/index.js';
import { need, type BuildContext } from './context.js';
import { buildError } from './errors.js';

export function validate(ctx: BuildContext): void {
  const problems = need(ctx, 'problems');
  if (problems.length === 0) return;
  throw buildError('BUILD_CONTENT_INVALID', `Expected valid content, got ${problems.length} problem${problems.length === 1 ? '' : 's'}`, {
    cause: new ContentInvalidError(problems),
    hint: 'Fix them (`advisory-feed check` lists the same problems); nothing was written.',
  });
}
