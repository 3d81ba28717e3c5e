/**
 * Stage `plan`: the pure audience plan (scripts/build/plan/), its warnings passed on. View hashes
 * come from the view hash cache where it has them (view-hash-cache.ts), and go into it.
 */
import { need, type BuildContext } from './context.js';
import { planAudiences } from './plan/index.js';
import { openViewHashCache } from './view-hash-cache.js';

export async function plan(ctx: BuildContext): Promise<void> {
  const content = need(ctx, 'content');
  const known = ctx.sourceKeys === undefined ? undefined : await openViewHashCache(ctx.options.root, content.program, ctx.sourceKeys);
  const result = planAudiences(content, ctx.options.now, known);
  await known?.save();
  ctx.sourceKeys = undefined; // it holds every advisory, which seal lets go of before the public tier
  ctx.plan = result;
  ctx.warnings.push(...result.warnings);
}
