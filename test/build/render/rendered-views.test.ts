/**
 * RenderedViews (scripts/build/render.ts): a view becomes the item plaintext of its own text. Views
 * of one advisory that show the same Markdown share one markdown-it run; the HTML of one text must
 * never be handed to a view of another (a PoC section in a view without it, or missing from one
 * with it), whatever order the views come in.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { planAudiences } from '../../../scripts/build/plan/index.js';
import { RenderedViews } from '../../../scripts/build/render.js';
import { renderMarkdown } from '../../../scripts/build/render/markdown.js';
import type { AdvisoryView } from '../../../scripts/build/view.js';
import { advisory, content } from '../model.js';

const NOW = new Date('2025-07-09T00:00:00Z');

/** The views every non-public group gets: ADV-1 with and without its PoC, ADV-2 (no section) twice. */
function groupViews(): AdvisoryView[] {
  const plan = planAudiences(content([
    advisory('ADV-1'),
    advisory('ADV-2', { segments: [{ tier: null, markdown: 'Base text of ADV-2, **bold**.\n', line: 20 }] }),
  ]), NOW);
  return plan.groups.filter((g) => !g.group.public).flatMap((g) => g.views);
}

const htmlOf = (rendered: RenderedViews, view: AdvisoryView) =>
  (JSON.parse(new TextDecoder().decode(rendered.get(view).plaintext)) as { html: string }).html;

const views = suite('RenderedViews: each view rendered from its own text');

views('views of one advisory that show the same text share its HTML; others never get it, in any order', () => {
  const all = groupViews();
  const one = all.filter((v) => v.advisory.id === 'ADV-1');
  const two = all.filter((v) => v.advisory.id === 'ADV-2');
  assert.is(new Set(one.map((v) => v.markdown)).size, 2); // with and without the PoC
  assert.is(two.length, 2);
  assert.is(new Set(two.map((v) => v.markdown)).size, 1); // two views (top tiers differ), one text
  const orders = [[...one, ...two], [...two, ...one], [one[0], two[0], one[1], two[1], one[0], one[1]], [one[1], one[0], one[1]]];
  for (const order of orders) {
    const rendered = new RenderedViews(content([]).program, 'test-renderer');
    for (const view of order as AdvisoryView[]) {
      const html = htmlOf(rendered, view);
      assert.is(html, renderMarkdown(view.markdown), `${view.advisory.id} at ${view.topTier}`);
      assert.is(html.includes('PoC of ADV-1'), view.markdown.includes('PoC of ADV-1'));
    }
  }
});

views.run();
