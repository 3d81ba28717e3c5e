/**
 * Stage `render`: prepares the view renderer. A view becomes item plaintext (feed-format §3.3:
 * Markdown -> HTML with the shared renderer, plus CSAF when scripts/build/csaf renders one) on
 * demand, once per distinct view, when `seal` needs it: a view whose hash
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

/**
 * Renders views on demand. Only the plaintext hash of each view is kept (a few bytes per view),
 * never the plaintext: a build of 50,000 advisories must not hold every rendered view at once.
 * seal-items.ts asks for each distinct view's plaintext once.
 */
export class RenderedViews {
  private readonly hashes = new Map<string, string>();
  /**
   * The last Markdown rendered, and its HTML. Two groups' views of one advisory often show the same
   * text (no section lies between their top tiers; ~40% of the views at 10,000 advisories), and
   * seal-items.ts asks for the views of one advisory one after another: markdown-it runs once.
   */
  private last: { markdown: string; html: string } | undefined;

  constructor(
    private readonly program: Program,
    /** Fingerprint of the rendering code (render/renderer-id.ts). */
    readonly renderer: string,
  ) {}

  /** Renders `view` (again, if it was rendered before). */
  get(view: AdvisoryView): RenderedView {
    const { markdown } = view;
    const html = this.last?.markdown === markdown ? this.last.html : renderMarkdown(markdown);
    this.last = { markdown, html };
    const plaintext = encodeDocument(itemDocument(view, html, toCsaf(view, this.program)));
    const plaintextHash = sha256Hex(plaintext);
    this.hashes.set(view.viewHash, plaintextHash);
    return { plaintext, plaintextHash };
  }

  /** The plaintext hash of `view`, rendering it only the first time. */
  hashOf(view: AdvisoryView): string {
    return this.hashes.get(view.viewHash) ?? this.get(view).plaintextHash;
  }

  /** Distinct views rendered so far in this build. */
  get size(): number {
    return this.hashes.size;
  }
}

export async function render(ctx: BuildContext): Promise<void> {
  ctx.rendered = new RenderedViews(need(ctx, 'content').program, await rendererId());
}
