import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createMarkdown, splitSections } from '../../scripts/content/index.js';
import { blocksOnly } from '../../scripts/content/markdown.js';
import { Problems } from '../../scripts/content/problems.js';

function split(body: string, bodyLine = 10) {
  const problems = new Problems();
  const segments = splitSections(body, bodyLine, 'a.md', problems);
  return { segments, problems: problems.list.map((p) => `${p.code}@${p.line}`) };
}

test('splits base text and sections with the file line of each segment', () => {
  const { segments, problems } = split('Intro\n\n::: tier poc\nsecret\n:::\n\nOutro\n');
  assert.equal(problems, []);
  assert.equal(segments, [
    { tier: null, markdown: 'Intro\n', line: 10 },
    { tier: 'poc', markdown: 'secret', line: 13 },
    { tier: null, markdown: '\nOutro\n', line: 15 },
  ]);
});

test('a marker in a fenced code block or an HTML comment is not a marker', () => {
  const body = 'A\n\n```\n::: tier poc\n:::\n```\n\n<!--\n::: tier poc\n-->\n';
  const { segments, problems } = split(body);
  assert.equal(problems, []);
  assert.equal(segments.map((s) => s.tier), [null]);
});

test('a marker in indented code is refused (SECTION_NESTED): only its indent says it is code, so it is a section indented by mistake', () => {
  assert.equal(split('A\n\n    ::: tier poc\n    secret\n    :::\n').problems, ['SECTION_NESTED@12']);
  assert.equal(split('A\n\n\t::: tier poc\n\tsecret\n').problems, ['SECTION_NESTED@12']);
  assert.equal(split('A\n\n    code\n    ::: tier poc\n').problems, ['SECTION_NESTED@13']);
  // Indented code without one is code, as ever.
  assert.equal(split('A\n\n    code: tier poc\n    x ::: y\n').problems, []);
});

test('a section may interrupt a paragraph, as markdown-it-container allows', () => {
  const { segments } = split('para line\n::: tier poc\nx\n:::\n');
  assert.equal(segments.map((s) => s.tier), [null, 'poc']);
});

test('reports SECTION_UNCLOSED at the opening line', () => {
  assert.equal(split('A\n::: tier poc\nsecret\n').problems, ['SECTION_UNCLOSED@11']);
});

test('reports SECTION_NESTED for a section inside a section or a list', () => {
  assert.ok(split('::: tier partner\n::: tier poc\nx\n:::\n:::\n').problems.includes('SECTION_NESTED@11'));
  assert.equal(split('- item\n\n  ::: tier poc\n  x\n  :::\n').problems, ['SECTION_NESTED@12']);
});

test('a `:::` line that is not `::: tier NAME` is SECTION_TIER_UNKNOWN, not published text', () => {
  assert.equal(split('::: poc\nx\n:::\n').problems, ['SECTION_TIER_UNKNOWN@10']);
  assert.equal(split('a\n\n:::\nb\n').problems, ['SECTION_TIER_UNKNOWN@12']);
});

test('SECTION_TIER_UNKNOWN quotes the first word after `:::`, never the rest of the line (it may be the hidden text)', () => {
  const problems = new Problems();
  splitSections('::: poc POCSECRET curl -H Cookie: https://victim\nx\n:::\n', 10, 'a.md', problems);
  const [problem] = problems.list;
  assert.is(problem?.code, 'SECTION_TIER_UNKNOWN');
  assert.match(problem?.message ?? '', /got `::: poc …`/);
  assert.not.match(JSON.stringify(problems.list), /POCSECRET|victim/);
  const long = new Problems();
  splitSections(`::: ${'x'.repeat(40)}\nx\n:::\n`, 10, 'a.md', long);
  assert.match(long.list[0]?.message ?? '', /got `::: x{20}…`/);
});

test('a longer fence needs an equally long closing fence', () => {
  const { segments, problems } = split(':::: tier poc\nstill poc\n:::\n::::\nafter\n');
  // markdown-it sees the inner `:::` as a nested container: reported, never published as text.
  assert.ok(problems.includes('SECTION_NESTED@12'));
  assert.equal(segments.map((s) => s.tier), ['poc', null]);
  assert.equal(split(':::: tier poc\nstill poc\n::::\nafter\n').problems, []);
});

test('a bare `:::` inside a code block of a section would end it early: SECTION_UNCLOSED', () => {
  const body = 'Base\n\n::: tier poc\n```sh\necho exploit\n:::\nrest of the exploit\n```\n:::\n';
  assert.ok(split(body).problems.includes('SECTION_UNCLOSED@12'), split(body).problems.join());
});

test('a `:::` swallowed by a raw HTML block would be published: SECTION_NESTED', () => {
  const body = '<details>\n::: tier poc\nsecret\n:::\n</details>\n';
  assert.equal(split(body).problems, ['SECTION_NESTED@11', 'SECTION_NESTED@13']);
  assert.equal(split('<details>\n\n::: tier poc\nsecret\n:::\n\n</details>\n').problems, []);
});

test('reading blocks only gives the tokens of the full parse, but for inline children', () => {
  const full = createMarkdown();
  const blocks = blocksOnly(createMarkdown());
  const tricky = [
    '[ref]: https://example.com\n\nText with [ref] and `::: tier poc` inline\n:::\n',
    '| a | b |\n|---|---|\n| `x` | *y* |\n\n> quote\n> ::: tier poc\n',
    '- item\n\n  ```\n  ::: tier poc\n  ```\n\n<details>\n::: tier poc\n</details>\n',
    'para\n    ::: tier poc\n\n<!-- open\n::: tier poc\n',
  ];
  const samples = readdirSync('advisories').filter((f) => f.endsWith('.md')).map((f) => readFileSync(`advisories/${f}`, 'utf8'));
  const shape = (md: ReturnType<typeof createMarkdown>, text: string) =>
    md.parse(text, {}).map((t) => ({ type: t.type, map: t.map, level: t.level, info: t.info, markup: t.markup, content: t.content, nesting: t.nesting }));
  for (const text of [...tricky, ...samples]) assert.equal(shape(blocks, text), shape(full, text));
  assert.ok(full.parse(tricky[0] as string, {}).some((t) => (t.children ?? []).length > 0), 'the full parse has inline children');
  assert.ok(blocks.parse(tricky[0] as string, {}).every((t) => (t.children ?? []).length === 0), 'blocks only has none');
});

test.run();
