/**
 * The one markdown-it instance that renders advisory Markdown, for items and for the public site
 * (site.ts registers this same instance with Eleventy). markdown-it 14 (BASELINES.md: 1.7x faster than 15
 * on this content, same output).
 *
 * - Raw HTML off: `<script>` or `<!-- -->` in an advisory is shown as text, never passed through.
 * - Links: only http(s), mailto and relative/fragment targets; anything else stays plain text.
 * - A URL in the text is linked only when written with its scheme (`https://…`) or in angle
 *   brackets (`<https://…>`, `<security@vendor.example>`). linkify's guesses are off: they made
 *   `exploit.py`, `setup.sh` and `README.md` links to http://exploit.py and the like, domains
 *   anyone can register (.py, .sh and .md are country domains), in advisories full of file names.
 *   Without them markdown-it also renders ~30% faster (~0.9 s of the build's thread in a cold
 *   build at 10,000 advisories).
 * - Heading ids come from the heading's own text in this view, deduplicated in this view only; a
 *   view never contains a section it may not see (plan cut it), so no id can hint at one.
 */
import MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';

const SAFE_URL = /^(?:https?:|mailto:|[^:]*$)/i;

export function createRenderer(): MarkdownIt {
  const md = new MarkdownIt({ html: false, linkify: true, typographer: false });
  // `linkify: true` runs two rules: the inline one links `scheme://…` where it is written; the
  // core one guesses links in all text (bare domains, file names, e-mail addresses): off.
  md.core.ruler.disable('linkify');
  md.validateLink = (url: string): boolean => {
    const trimmed = url.trim();
    // A scheme is everything before the first ':' if that comes before any '/', '?' or '#'.
    const scheme = /^[^/?#]*:/.exec(trimmed);
    return scheme === null || SAFE_URL.test(scheme[0]);
  };
  md.core.ruler.push('heading_ids', (state) => {
    const used = new Map<string, number>();
    state.tokens.forEach((token, i) => {
      if (token.type !== 'heading_open') return;
      const base = slugify(textOf(state.tokens[i + 1])) || 'section';
      const count = (used.get(base) ?? 0) + 1;
      used.set(base, count);
      token.attrSet('id', count === 1 ? base : `${base}-${count}`);
    });
  });
  return md;
}

/** The shared instance. */
export const markdown = createRenderer();

/** Markdown -> HTML with the shared instance. */
export function renderMarkdown(source: string): string {
  return markdown.render(source);
}

function textOf(inline: Token | undefined): string {
  if (inline === undefined || inline.children === null) return inline?.content ?? '';
  return inline.children.filter((c) => c.type === 'text' || c.type === 'code_inline').map((c) => c.content).join('');
}

function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s-]/gu, '')
    .trim()
    .replace(/[\s-]+/g, '-')
    .slice(0, 64);
}
