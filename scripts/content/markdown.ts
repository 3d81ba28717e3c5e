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
