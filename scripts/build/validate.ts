/**
 * Stage `validate`: the rules of `advisory-feed check`. Any problem stops the build before a file
 * is written; the error carries every problem (the CLI lists them as `path:line: CODE message`).
 *
 * Except keys that time made unusable (expired, revoked) and active partners left without a usable
 * key by them: `check` reports those as errors so a pull request fixes them, but a scheduled build
 * must not stop lifting an embargo for everyone because one partner's key expired overnight. The
 * build leaves such keys out with a warning (plan/recipients.ts) and still fails when a group is
 * left with no recipient at all (BUILD_NO_RECIPIENTS).
 */
import { ContentInvalidError } from '../content/index.js';
import { need, type BuildContext } from './context.js';
import { buildError } from './errors.js';

/** Problems the build turns into warnings; the plan leaves the keys out. */
const LEFT_OUT = new Set(['KEY_EXPIRED', 'KEY_REVOKED', 'PARTNER_NO_KEY']);

export function validate(ctx: BuildContext): void {
  const all = need(ctx, 'problems');
  const problems = all.filter((p) => !LEFT_OUT.has(p.code));
  for (const p of all) {
    // The plan warns for each unusable key it leaves out; only the partner-level problem is new.
    if (p.code === 'PARTNER_NO_KEY') ctx.warnings.push({ code: p.code, message: p.message, ...(p.path === undefined ? {} : { path: p.path }) });
  }
  if (problems.length === 0) return;
  throw buildError('BUILD_CONTENT_INVALID', `Expected valid content, got ${problems.length} problem${problems.length === 1 ? '' : 's'}`, {
    cause: new ContentInvalidError(problems),
    hint: 'Fix them (`advisory-feed check` lists the same problems); nothing was written.',
  });
}
