// One mirrored advisory as Markdown with YAML front matter: the advisory's own front matter as
// this group may see it, overlaid with the feed's id, revision, modified and status. A withdrawn
// advisory keeps its text under a banner, so readers cannot mistake it for a live one.
// Plain JavaScript (types in render-markdown.d.mts) because the open-pool workers render too
// (item-worker.mjs), and they run without a TypeScript loader. Only ever given verified items.
//
// The front matter is written by js-yaml rather than by `yaml` (which parses content files):
// ~0.03 ms an item instead of ~0.11 (~8% of a worker's CPU per item in a first sync), and it
// quotes every string value (forceQuotes), so that no YAML reader takes one for another type
// (a date, yes/no, 1_000 in YAML 1.1): gray-matter reads what a YAML 1.2 reader reads
// (test/poll/render-markdown.test.ts).
import { dump } from 'js-yaml';

/** @param {import('../feed/format.js').ItemDocument} item */
export function renderMarkdown(item) {
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
  return `---\n${dump(front, { lineWidth: -1, noRefs: true, forceQuotes: true })}---\n\n${banner}${body}`;
}

/**
 * Both mirror files of a verified item: its JSON, the decrypted plaintext exactly as the publisher
 * signed it (what `gpg --decrypt` prints: docs/poll.md), and its Markdown.
 * @param {import('../feed/format.js').ItemDocument} item the parsed plaintext
 * @param {Uint8Array} plaintext
 */
export function renderFiles(item, plaintext) {
  return { json: plaintext, md: renderMarkdown(item) };
}
