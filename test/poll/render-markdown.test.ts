/**
 * The mirror's Markdown file (scripts/poll/render-markdown.mjs): its front matter must read back
 * as the same data in every YAML reader a partner may point at it: `yaml` (YAML 1.2), js-yaml 4
 * (timestamps and 1.1 booleans in its default schema) and gray-matter (js-yaml 3, what static site
 * generators use), and the text below it must be the advisory's, whatever its values hold.
 */
import fc from 'fast-check';
import matter from 'gray-matter';
import { load } from 'js-yaml';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'yaml';
import { FORMAT_VERSION, type ItemDocument } from '../../scripts/feed/format.js';
import { renderMarkdown } from '../../scripts/poll/render-markdown.mjs';

const RUNS = Number(process.env.ADVISORY_FEED_FUZZ_RUNS ?? 200);

/** What the front matter must read back as: the advisory overlaid with the feed's fields. */
const frontOf = (item: ItemDocument) => JSON.parse(JSON.stringify({
  ...item.advisory, id: item.id, revision: item.revision, modified: item.modified, status: item.status, withdrawn: item.status === 'withdrawn',
})) as Record<string, unknown>;

/** The YAML between the opening and the closing `---` lines. */
function frontMatterOf(md: string): string {
  assert.ok(md.startsWith('---\n'), 'opens with ---');
  const end = md.indexOf('\n---\n', 3);
  assert.ok(end > 0, 'closes with ---');
  return md.slice(4, end + 1);
}

/** Strings that some YAML reader takes for something else unless quoted. */
const awkward = fc.constantFrom(
  '2026-02-01T00:00:00Z', '2026-02-01', 'yes', 'No', 'on', 'OFF', 'y', 'null', '~', 'true', '0x1F', '0o17', '012', '1e3', '.inf', '-.NaN',
  '1_000', '12:30:00', '', ' leading', 'trailing ', '# comment', '- item', '? key', ': value', 'a: b', '@at', '`tick`', '|', '>', '!tag',
  '&anchor', '*alias', '%YAML', '---', '...', 'line\n---\nafter', '\n---', 'multi\nline\n', '\u2028', 'tab\there', 'quote " and \' both',
  'back\\slash', 'zoë 😀', '\u0000\u0007', '<script>',
);
const text = fc.oneof(awkward, fc.string(), fc.array(awkward, { maxLength: 3 }).map((parts) => parts.join('\n')));
const key = fc.oneof(fc.stringMatching(/^[a-z][A-Za-z0-9]{0,8}$/), fc.constantFrom('yes', 'No', 'on', 'y', 'null', 'true', '~'));
const { value } = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    text, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null),
    fc.array(tie('value'), { maxLength: 3 }), fc.dictionary(key, tie('value'), { maxKeys: 3 }),
  ),
}));

const item = fc.record({
  advisory: fc.dictionary(key.filter((k) => k !== '__proto__'), value, { maxKeys: 6 }),
  markdown: text,
  withdrawn: fc.boolean(),
}).map(({ advisory, markdown, withdrawn }): ItemDocument => ({
  format: FORMAT_VERSION, id: 'ADV-2026-0001', revision: 2, modified: '2026-02-01T00:00:00Z', status: withdrawn ? 'withdrawn' : 'published',
  advisory, markdown, html: '',
}));

test('front matter reads back as the same data in YAML 1.2, js-yaml 4 and gray-matter; the text follows it whole', () => {
  fc.assert(fc.property(item, (doc) => {
    const md = renderMarkdown(doc);
    const expected = frontOf(doc);
    const yaml = frontMatterOf(md);
    assert.equal(parse(yaml), expected, 'yaml (1.2)');
    assert.equal(load(yaml), expected, 'js-yaml 4');
    const read = matter(md, {}); // options: gray-matter caches results of calls without them
    assert.equal(read.data, expected, 'gray-matter');
    const body = doc.markdown.endsWith('\n') ? doc.markdown : `${doc.markdown}\n`;
    assert.ok(md.endsWith(body), 'ends with the text');
    assert.ok(read.content.endsWith(body), 'gray-matter: the text after the front matter');
  }), { numRuns: RUNS });
});

test('a withdrawn advisory: its status in the front matter and a banner above the text', () => {
  const doc: ItemDocument = {
    format: FORMAT_VERSION, id: 'ADV-2026-0001', revision: 3, modified: '2026-02-01T00:00:00Z', status: 'withdrawn',
    advisory: { title: 'A: title with colon', revision: 1 }, markdown: '# Title\n\nText.', html: '',
  };
  const md = renderMarkdown(doc);
  assert.is(md, [
    '---',
    "title: 'A: title with colon'",
    'revision: 3',
    "id: 'ADV-2026-0001'",
    "modified: '2026-02-01T00:00:00Z'",
    "status: 'withdrawn'",
    'withdrawn: true',
    '---',
    '',
    '> **Withdrawn** (2026-02-01T00:00:00Z): the publisher withdrew this advisory. Kept for reference.',
    '',
    '# Title',
    '',
    'Text.',
    '',
  ].join('\n'));
});

test.run();
