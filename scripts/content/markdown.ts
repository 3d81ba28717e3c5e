/**
 * The one markdown-it configuration used to find tier sections. The renderer should build its
 * parser with `createMarkdown()` too: then the splitter and the renderer cannot disagree about what
 * is a `:::` fence, what is code and what is an HTML comment.
 */
import MarkdownIt, { type PluginWithParams } from 'markdown-it';
import container from 'markdown-it-container';

/** Token type of a `:::` container (any `:::` fence, so a mistyped one is caught, not rendered). */
export const CONTAINER_OPEN = 'container_section_open';

/** markdown-it with HTML blocks on (so `<!-- ::: -->` is a comment, not a fence) and our container. */
export function createMarkdown(): MarkdownIt {
  const md = new MarkdownIt({ html: true, linkify: false, typographer: false });
  // validate: every `:::` line opens a container here, whatever follows, so `::: poc` (missing
  // "tier") or a stray closing `:::` is reported instead of being published as plain text.
  // The cast bridges @types/markdown-it's CJS and ESM declarations of the same class.
  md.use(container as unknown as PluginWithParams, 'section', { validate: () => true });
  return md;
}

/**
 * `md` without its inline pass, for reading a document's blocks only (the splitter). markdown-it
 * parses every block before, and apart from, the text inside it, so the block tokens (type, map,
 * level, info, markup, content) are the full parse's; only each inline token's `children` stay
 * empty. Half the cost of a parse on advisories with tables and code (~0.1 ms a file).
 */
export function blocksOnly(md: MarkdownIt): MarkdownIt {
  md.core.ruler.disable(['inline', 'text_join']);
  return md;
}

const plain = blocksOnly(new MarkdownIt({ html: true, linkify: false, typographer: false }));

/**
 * 0-based [start, end) line ranges that plain markdown-it (without our container rule) reads as
 * code or raw HTML. A section fence inside one of them means the two readings disagree: e.g. a
 * PoC code block containing a bare `:::` line ends the section early, and the rest of the PoC
 * would fall into base text.
 */
export function codeLineRanges(markdown: string): [number, number][] {
  return plain
    .parse(markdown, {})
    .filter((t) => (t.type === 'fence' || t.type === 'code_block' || t.type === 'html_block') && t.map !== null)
    .map((t) => t.map as [number, number]);
}
