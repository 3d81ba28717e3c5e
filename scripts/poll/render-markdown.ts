/**
 * One mirrored advisory as Markdown with YAML front matter: the advisory's own front matter as
 * this group may see it, overlaid with the feed's id, revision, modified and status. A withdrawn
 * advisory keeps its text under a banner, so readers cannot mistake it for a live one.
 */
import { stringify } from 'yaml';
import type { ItemDocument } from '../feed/format.js';

export function renderMarkdown(item: ItemDocument): string {
  const front = {
    ...item.advisory,
    id: item.id,
    revision: item.revision,
    modified: item.modified,
    status: item.status,
    withdrawn: item.status === 'withdrawn',
  };
  const banner = item.status === 'withdrawn'
    ? `> **Withdrawn** (${item.modified}): the publisher withdrew this advisory. Kept for reference.\n\n`
    : '';
  const body = item.markdown.endsWith('\n') ? item.markdown : `${item.markdown}\n`;
  return `---\n${stringify(front, { lineWidth: 0 })}---\n\n${banner}${body}`;
}

/** Both mirror files of a verified item: its JSON (pretty, as the mirror has always held it) and Markdown. */
export function renderFiles(item: ItemDocument): { json: string; md: string } {
  return { json: `${JSON.stringify(item, null, 2)}\n`, md: renderMarkdown(item) };
}
