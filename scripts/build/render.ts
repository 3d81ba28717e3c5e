/**
 * Stage `render`: every distinct view of the non-public groups, once (cache key: viewHash), to the
 * item plaintext: Markdown -> HTML with the shared renderer, plus CSAF when scripts/build/csaf
 * renders one. The public tier is rendered by scripts/build/public in the write stage's input.
 */
import { toCsaf } from './csaf/index.js';
import { need, type BuildContext } from './context.js';
import { renderMarkdown } from './render/markdown.js';
import { sha256Hex } from '../feed/hash.js';
import { encodeDocument, itemDocument } from './render/item-document.js';

export interface RenderedView {
  /** Canonical JSON of the ItemDocument. */
  plaintext: Uint8Array;
  /** Lower-case hex SHA-256 of `plaintext`: what the state compares to decide reuse. */
  plaintextHash: string;
}

/** viewHash -> rendered item. */
export type RenderedViews = Map<string, RenderedView>;

export function render(ctx: BuildContext): void {
  const { program } = need(ctx, 'content');
  const rendered: RenderedViews = new Map();
  const groups = need(ctx, 'plan').groups.filter((g) => !g.group.public);
  const total = groups.reduce((n, g) => n + g.views.length, 0);
  let done = 0;
  for (const { views } of groups) {
    for (const view of views) {
      done++;
      if (rendered.has(view.viewHash)) continue;
      const plaintext = encodeDocument(itemDocument(view, renderMarkdown(view.markdown), toCsaf(view, program)));
      rendered.set(view.viewHash, { plaintext, plaintextHash: sha256Hex(plaintext) });
      if (done % 500 === 0) ctx.options.onProgress?.('render', done, total);
    }
  }
  ctx.rendered = rendered;
}
