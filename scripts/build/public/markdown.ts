/**
 * Markdown -> HTML for public pages with the build's shared markdown-it instance
 * (scripts/build/render/markdown.ts: raw HTML off, only http(s)/mailto/relative links, heading ids
 * from the view's own text), so a page and a partner's item render the same Markdown the same way.
 * Headings move down one level: the page's h1 is the title and its h2s are the page sections.
 */
import { markdown } from '../render/markdown.js';

export function renderMarkdown(source: string): string {
  const tokens = markdown.parse(source, {});
  for (const token of tokens) {
    if ((token.type === 'heading_open' || token.type === 'heading_close') && /^h[1-5]$/.test(token.tag)) {
      token.tag = `h${Number(token.tag.slice(1)) + 1}`;
    }
  }
  return markdown.renderer.render(tokens, markdown.options, {});
}
