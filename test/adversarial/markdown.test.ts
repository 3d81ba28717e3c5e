/**
 * Markdown that tries to carry a higher tier's text to a lower audience (threat model: "a
 * malicious or careless advisory author"), and script or template injection on the public site.
 * Accepted tricks are built for real and every output a lower audience can read (the public files
 * as bytes, each group's decrypted index and items) is searched for the restricted canaries;
 * refused ones assert their code and that the previous output is byte-identical.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { builtCorpus, build, groupText, LATER, refusedUntouched, unencryptedTexts, type Built } from './world.js';

const smuggle = suite('adversarial markdown: a higher tier smuggled into a lower view');
let b: Built;
let views: { public: string; partners: string; trusted: string };

// Each advisory: a public base, a partner and a poc section, and a trick. Canaries: -PUB- (everyone),
// -PAR- (partners and trusted), -POC- (trusted only).
const TRICKS: { id: string; body: string }[] = [
  {
    id: 'ADV-2025-0101', // a link reference defined in a restricted section, used in base text
    body: 'See [the exploit][x] and [partner notes][y].\n\n::: tier partner\n[y]: https://partner.example/CANARY-PAR-REFURL\n:::\n\n::: tier poc\n[x]: https://poc.example/CANARY-POC-REFURL "CANARY-POC-REFTITLE"\n:::\n',
  },
  {
    id: 'ADV-2025-0102', // a footnote defined in a restricted section (no footnote plugin: stays text)
    body: 'Impact[^1].\n\n::: tier poc\n[^1]: CANARY-POC-FOOTNOTE\n:::\n',
  },
  {
    id: 'ADV-2025-0103', // equal heading texts: ids must not count the hidden heading
    body: '## Details\n\nCANARY-PUB-0103\n\n::: tier poc\n## Details\n\nCANARY-POC-0103\n:::\n\n## Details\n\nafter\n',
  },
  {
    id: 'ADV-2025-0104', // an HTML comment and raw HTML inside a restricted section
    body: 'Base.\n\n::: tier partner\n<!-- CANARY-PAR-COMMENT -->\n\n<div title="CANARY-PAR-ATTR">x</div>\n\n:::\n',
  },
  {
    id: 'ADV-2025-0105', // a longer fence around PoC code that itself holds a ::: line
    body: 'Base.\n\n:::: tier poc\n```sh\n:::\necho CANARY-POC-CODE\n:::\n```\n::::\n',
  },
  {
    id: 'ADV-2025-0106', // a heading id in a restricted section linked from base text
    body: 'Jump to [exploit](#steps).\n\n::: tier poc\n## CANARY-POC-ANCHOR\n\nsteps\n:::\n',
  },
];

smuggle.before(async () => {
  b = await builtCorpus();
  for (const t of TRICKS) {
    await b.corpus.advisory({ id: t.id, release: { poc: '2025-06-01T00:00:00Z', partner: '2025-06-02T00:00:00Z', public: '2025-06-03T00:00:00Z' }, body: t.body });
  }
  await build(b.corpus, b.out, LATER);
  views = {
    public: [...(await unencryptedTexts(b.out)).values()].join('\n'),
    partners: await groupText(b.out, 'partners', b.members.partners, b.corpus.publisher),
    trusted: await groupText(b.out, 'trusted', b.members.trusted, b.corpus.publisher),
  };
});
smuggle.after(() => b.corpus.dispose());

const canaries = (text: string, kind: string) => [...new Set(text.match(new RegExp(`CANARY-${kind}-[A-Z0-9]+`, 'g')) ?? [])];

smuggle('no -PAR- or -POC- canary reaches any unencrypted file; no -POC- canary reaches the partners group', () => {
  assert.equal(canaries(views.public, 'PAR'), []);
  assert.equal(canaries(views.public, 'POC'), []);
  assert.equal(canaries(views.partners, 'POC'), []);
  assert.equal(canaries(views.public.toUpperCase(), 'POC'), [], 'not even lower-cased in an id or slug');
  assert.equal(canaries(views.partners.toUpperCase(), 'POC'), [], 'not even lower-cased in an id or slug');
});

smuggle('the tricks did reach the audience allowed to read them (the test can see a leak)', () => {
  for (const c of ['CANARY-POC-REFURL', 'CANARY-POC-FOOTNOTE', 'CANARY-POC-0103', 'CANARY-POC-CODE', 'CANARY-POC-ANCHOR']) assert.ok(views.trusted.includes(c), c);
  for (const c of ['CANARY-PAR-REFURL', 'CANARY-PAR-COMMENT', 'CANARY-PAR-ATTR']) assert.ok(views.partners.includes(c), c);
  assert.ok(views.public.includes('CANARY-PUB-0103'));
});

smuggle('heading ids of a lower view do not count the headings it cannot see', async () => {
  const page = await readFile(path.join(b.out, 'advisories/ADV-2025-0103/index.html'), 'utf8').catch(() => views.public);
  assert.ok(/id="details-2"/.test(page), 'the second visible Details heading is details-2');
  assert.not.ok(/id="details-3"/.test(page), 'a third id would reveal a hidden heading');
  assert.not.ok(/details-3/.test(views.partners), 'nor in the partners view');
});

smuggle('a link reference whose definition is cut stays literal text: no URL, no title', () => {
  assert.ok(views.public.includes('[the exploit][x]') || views.public.includes('[the exploit]'), 'the reference is left as text');
});

const refuse = suite('adversarial markdown: sections the splitter would not see are refused');

refuse.before(async () => {
  b = await builtCorpus();
});
refuse.after(() => b.corpus.dispose());

const REFUSED: [string, string, string][] = [
  ['an unclosed section', 'SECTION_UNCLOSED', 'Base.\n\n::: tier poc\nCANARY-POC-X\n'],
  ['nested sections', 'SECTION_NESTED', '::: tier partner\n::: tier poc\nCANARY-POC-X\n:::\n:::\n'],
  ['a section inside a list item', 'SECTION_NESTED', '- item\n\n  ::: tier poc\n  CANARY-POC-X\n  :::\n'],
  ['a section inside a quote', 'SECTION_NESTED', '> ::: tier poc\n> CANARY-POC-X\n> :::\n'],
  ['a bare ::: in PoC code that would end the section early', 'SECTION_UNCLOSED', '::: tier poc\n```\n:::\nCANARY-POC-X\n```\n:::\n'],
  ['a section swallowed by raw HTML', 'SECTION_NESTED', '<details>\n::: tier poc\nCANARY-POC-X\n:::\n</details>\n'],
  ['a mistyped fence', 'SECTION_TIER_UNKNOWN', '::: poc\nCANARY-POC-X\n:::\n'],
  ['a section for an unknown tier', 'SECTION_TIER_UNKNOWN', '::: tier secret\nCANARY-POC-X\n:::\n'],
  ['a section below the advisory tier', 'SECTION_BELOW_ADVISORY', '::: tier public\nCANARY-POC-X\n:::\n'],
  ['a fence indented into the paragraph above (lazy continuation)', 'SECTION_NESTED', 'Some text\n    ::: tier poc\n    CANARY-POC-X\n    :::\n'],
  ['a section swallowed by an unclosed code fence', 'SECTION_UNCLOSED', 'Base.\n\n```\ncode\n\n::: tier poc\nCANARY-POC-X\n:::\n'],
  ['a section indented four spaces (an indented code block)', 'SECTION_NESTED', '## Details\n\nUpgrade.\n\n    ::: tier poc\n    CANARY-POC-X\n    :::\n'],
  ['a section indented with a tab', 'SECTION_NESTED', 'Upgrade.\n\n\t::: tier poc\n\tCANARY-POC-X\n\t:::\n'],
  ['a section indented into a list item\'s code', 'SECTION_NESTED', '- item\n\n      ::: tier poc\n      CANARY-POC-X\n      :::\n'],
];

for (const [what, code, body] of REFUSED) {
  refuse(`${what}: ${code}, previous output untouched`, async () => {
    await b.corpus.advisory({ id: 'ADV-2025-0199', release: { poc: '2025-06-01T00:00:00Z', public: '2025-06-03T00:00:00Z' }, body });
    try {
      await refusedUntouched(b, code);
    } finally {
      await b.corpus.remove('advisories/ADV-2025-0199.md');
    }
  });
}

smuggle.run();
refuse.run();
