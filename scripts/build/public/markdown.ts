/**
 * Markdown -> HTML for public pages. Raw HTML is off (`html: false`): an advisory's `<script>`
 * is shown as text. markdown-it's link validator already refuses `javascript:`, `vbscript:`,
 * `file:` and non-image `data:` URLs, so such links render as plain text.
 *
 * TODO(render): switch to the shared instance of scripts/build/render/markdown.ts once it exists,
 * keeping `html: false` for public output.
 */
import MarkdownIt from 'markdown-it';

const md = new MarkdownIt({ html: false, linkify: false, typographer: false });

/** Renders the view's Markdown; headings are shifted down one level so the page's h1 stays alone. */
export function renderMarkdown(markdown: string): string {
  const tokens = md.parse(markdown, {});
  for (const token of tokens) {
    if ((token.type === 'heading_open' || token.type === 'heading_close') && /^h[1-5]$/.test(token.tag)) {
      token.tag = `h${Math.min(6, Number(token.tag.slice(1)) + 1)}`;
    }
  }
  return md.renderer.render(tokens, md.options, {});
}
