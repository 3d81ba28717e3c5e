/**
 * Splits an advisory body into base text and `::: tier NAME` ... `:::` sections, using markdown-it's
 * own block parse (see markdown.ts) so a marker inside a code block or an HTML comment is never a
 * marker, exactly as the renderer will see it.
 */
import type Token from 'markdown-it/lib/token.mjs';
import type { Segment } from './types.js';
import { blocksOnly, CONTAINER_OPEN, codeLineRanges, createMarkdown } from './markdown.js';
import type { Problems } from './problems.js';

const md = blocksOnly(createMarkdown()); // the renderer's parser: the same blocks, fences and code
const SECTION_INFO = /^tier[ \t]+(\S+)[ \t]*$/;

/**
 * `body` is the Markdown after the front matter, starting at file line `bodyLine`. Returns the
 * segments in order; base segments that are only blank lines are left out. Adds SECTION_* problems.
 */
export function splitSections(body: string, bodyLine: number, file: string, problems: Problems): Segment[] {
  const lines = body.split('\n');
  const tokens = md.parse(body, {});
  // The second parse is needed only to check a section's fences, so a body without any is parsed once.
  let code: [number, number][] | undefined;
  const inCode = (line: number) => (code ??= codeLineRanges(body)).some(([start, end]) => line > start && line < end);
  const segments: Segment[] = [];
  let cursor = 0; // next body line (0-based) not yet in a segment
  const pushBase = (end: number): void => {
    if (end > cursor) {
      const markdown = lines.slice(cursor, end).join('\n');
      if (markdown.trim() !== '') segments.push({ tier: null, markdown, line: bodyLine + cursor });
    }
  };
  for (const token of tokens) {
    if (token.type === 'html_block' && token.map !== null && !token.content.trimStart().startsWith('<!--')) {
      reportFencesInHtml(lines, token.map, bodyLine, file, problems);
    }
    if (token.map !== null) reportSwallowedFences(token, lines, bodyLine, file, problems);
    if (token.type !== CONTAINER_OPEN || token.map === null) continue;
    const [start, end] = token.map;
    const line = bodyLine + start;
    if (token.level > 0) {
      problems.add('SECTION_NESTED', 'Expected tier sections at the top level, got one inside another block', {
        path: file,
        line,
        hint: 'Close the enclosing `:::` section (or list/quote) first; sections cannot nest',
      });
      continue;
    }
    const info = token.info.trim();
    const closed = end < lines.length && /^ {0,3}:{3,}[ \t]*$/.test(lines[end] ?? '');
    const match = SECTION_INFO.exec(info);
    if (info === '' && !closed) {
      // A bare `:::` that markdown-it saw as an opening: a closing fence with nothing to close.
      problems.add('SECTION_TIER_UNKNOWN', 'Expected this `:::` to close a `::: tier NAME` section, got no open section', {
        path: file,
        line,
        hint: 'Remove the stray `:::` or add the `::: tier <tier>` line it should close',
      });
    } else if (match === null) {
      problems.add('SECTION_TIER_UNKNOWN', `Expected \`::: tier NAME\`, got \`${token.markup} ${fenceWord(info)}\``, {
        path: file,
        line,
        hint: 'A `:::` line opens a tier section; write `::: tier <tier>`, or put the line in a ``` code fence',
      });
    }
    const confused = [start, ...(closed ? [end] : [])].find(inCode);
    if (confused !== undefined) {
      problems.add('SECTION_UNCLOSED', `Expected the section's \`:::\` lines outside code, got one inside a code block or HTML at line ${bodyLine + confused}`, {
        path: file,
        line,
        hint: 'Fence the section with more colons than any `:::` line in its code, e.g. `:::: tier poc` ... `::::`',
      });
    }
    if (!closed && info !== '') {
      problems.add('SECTION_UNCLOSED', 'Expected a closing `:::` line for this section, got the end of the file', {
        path: file,
        line,
        hint: 'Add a line with only `:::` where the section ends',
      });
    }
    pushBase(start);
    segments.push({ tier: match?.[1] ?? '', markdown: lines.slice(start + 1, end).join('\n'), line: line + 1 });
    cursor = closed ? end + 1 : end;
  }
  pushBase(lines.length);
  return segments;
}

/**
 * Raw HTML such as `<details>` runs until a blank line, and markdown-it reads a `:::` line inside it
 * as HTML, not as a fence: the "section" would be published as base text. (In an HTML comment a
 * `:::` is deliberately not a fence.)
 */
function reportFencesInHtml(lines: string[], [start, end]: [number, number], bodyLine: number, file: string, problems: Problems): void {
  for (let i = start + 1; i < end; i++) {
    if (/^ {0,3}:{3,}/.test(lines[i] ?? '')) {
      problems.add('SECTION_NESTED', `Expected \`:::\` outside raw HTML, got one inside the HTML block of line ${bodyLine + start}`, {
        path: file,
        line: bodyLine + i,
        hint: 'Leave a blank line between the HTML and the `:::` line, or the section is published as HTML text',
      });
    }
  }
}

/**
 * A `:::` line that another block swallows is published as that block's text: a fence indented
 * into the paragraph above (a lazy continuation line), a fence indented four spaces or a tab (an
 * indented code block: nothing marks it as code but the indent, so it is a section indented by
 * mistake), or a section after a code fence or HTML comment left open to the end of the file. A
 * deliberate `:::` in a closed code fence or a closed comment is fine (docs/content.md); these
 * never are.
 */
function reportSwallowedFences(token: Token, lines: string[], bodyLine: number, file: string, problems: Problems): void {
  const [start, end] = token.map as [number, number];
  /** The first line in [from, to) that starts like a fence, counted from `from`; -1 for none. */
  const fenceAt = (from: number, to: number) => {
    for (let i = from; i < to; i++) if (/^[ \t]*:{3,}/.test(lines[i] ?? '')) return i - from;
    return -1;
  };
  const swallower = SWALLOWING_BLOCKS[token.type];
  if (swallower !== undefined) {
    const i = fenceAt(start, end);
    if (i >= 0) {
      problems.add('SECTION_NESTED', `Expected a \`:::\` line to start a section, got it read as ${swallower.readAs}`, {
        path: file,
        line: bodyLine + start + i,
        hint: swallower.hint,
      });
    }
    return;
  }
  const open = token.type === 'fence'
    ? end - start < 2 || !closingFence(token.markup).test(lines[end - 1] ?? '')
    : token.type === 'html_block' && token.content.trimStart().startsWith('<!--') && !token.content.includes('-->');
  if (!open) return;
  const i = fenceAt(start + 1, end);
  if (i >= 0) {
    problems.add('SECTION_UNCLOSED', `Expected the ${token.type === 'fence' ? 'code block' : 'HTML comment'} of line ${bodyLine + start} to close before a \`:::\` line, got it open to the end of the file`, {
      path: file,
      line: bodyLine + start + 1 + i,
      hint: token.type === 'fence' ? `Close the code block with ${token.markup}` : 'Close the comment with -->',
    });
  }
}

/**
 * The first word after a `:::` that is not `tier NAME` (`poc` of `::: poc`), at most 20
 * characters, and `…` when more follows: the rest of the line may be the very text the section
 * was meant to hide, and problems are printed to CI logs.
 */
function fenceWord(info: string): string {
  const word = info.split(/\s+/, 1)[0] ?? '';
  if (word.length > 20) return `${word.slice(0, 20)}…`;
  return word.length < info.length ? `${word} …` : word;
}

/** Blocks whose every line is their own text, a `:::` line among them included: what it is read as, and the fix. */
const SWALLOWING_BLOCKS: Partial<Record<string, { readAs: string; hint: string }>> = {
  paragraph_open: { readAs: 'paragraph text', hint: 'Leave a blank line before the `:::` line and do not indent it' },
  code_block: {
    readAs: 'indented code',
    hint: 'Do not indent the `:::` line (four spaces or a tab make it code); to show `:::` as code, put it in a ``` code fence',
  },
};

/** A line closing a code fence opened with `markup` (made only for fences: most tokens are not). */
function closingFence(markup: string): RegExp {
  return new RegExp(`^ {0,3}${markup.charAt(0) || '`'}{${markup.length},}[ \t]*$`);
}
