/**
 * Stage `render`: prepares the view renderer. A view becomes item plaintext (feed-format §3.3:
 * Markdown -> HTML with the shared renderer, plus CSAF when scripts/build/csaf renders one) on
 * demand, once per distinct view (cache key: viewHash), when `seal` needs it: a view whose hash
 * and renderer are unchanged since the previous build, for unchanged recipients, is never
 * rendered again. The public tier is rendered by scripts/build/public (seal/seal-public.ts).
 */
import type { Program } from '../content/types.js';
import { sha256Hex } from '../feed/hash.js';
import { toCsaf } from './csaf/index.js';
import { need, type BuildContext } from './context.js';
import { renderMarkdown } from './render/markdown.js';
import { encodeDocument, itemDocument } from './render/item-document.js';
import { rendererId } from './render/renderer-id.js';
import type { AdvisoryView } from './view.js';

export interface RenderedView {
  /** Canonical JSON of the ItemDocument. */
  plaintext: Uint8Array;
  /** Lower-case hex SHA-256 of `plaintext`: what the state compares to decide reuse. */
  plaintextHash: string;
}

/** Renders views on demand, each distinct view once per build. */
export class RenderedViews {
  private readonly cache = new Map<string, RenderedView>();

  constructor(
    private readonly program: Program,
    /** Fingerprint of the rendering code (render/renderer-id.ts). */
    readonly renderer: string,
  ) {}

  get(view: AdvisoryView): RenderedView {
    let rendered = this.cache.get(view.viewHash);
    if (rendered === undefined) {
      const plaintext = encodeDocument(itemDocument(view, renderMarkdown(view.markdown), toCsaf(view, this.program)));
      rendered = { plaintext, plaintextHash: sha256Hex(plaintext) };
      this.cache.set(view.viewHash, rendered);
    }
    return rendered;
  }

  /** Views rendered so far in this build. */
  get size(): number {
    return this.cache.size;
  }
}

export async function render(ctx: BuildContext): Promise<void> {
  ctx.rendered = new RenderedViews(need(ctx, 'content').program, await rendererId());
}
