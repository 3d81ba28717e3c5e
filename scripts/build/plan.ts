/** Stage `plan`: the pure audience plan (scripts/build/plan/), its warnings passed on. */
import { need, type BuildContext } from './context.js';
import { planAudiences } from './plan/index.js';

export function plan(ctx: BuildContext): void {
  const result = planAudiences(need(ctx, 'content'), ctx.options.now);
  ctx.plan = result;
  ctx.warnings.push(...result.warnings);
}
