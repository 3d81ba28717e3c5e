/** Stage `load`: the content model from --root, partner keys judged at --now (scripts/content). */
import { loadContent } from '../content/index.js';
import type { BuildContext } from './context.js';

export async function load(ctx: BuildContext): Promise<void> {
  const { content, problems } = await loadContent(ctx.options.root, { now: ctx.options.now, cache: true });
  ctx.content = content;
  ctx.problems = problems;
}
