/**
 * Script and template injection through the real build (load -> validate -> render with Eleventy):
 * hostile front-matter values and Markdown end up as text on every public page and feed, and in
 * the partners' item HTML; template syntax is shown literally, never evaluated.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { stringify } from 'yaml';
import { builtCorpus, build, groupText, LATER, refusedUntouched, snapshot, unencryptedTexts, type Built } from './world.js';

const site = suite('adversarial public site: injection stays text');
let b: Built;
let pub: Map<string, string>;
let partnerView: string;

const EVIL = {
  title: '"><script>alert("t")</script><img src=x onerror=alert(1)> {{ 7*1910000191 }} {% raw %}',
  summary: "' onmouseover='alert(2)' {{ constructor.constructor('return 7*1930000193')() }} {%- include '/etc/passwd' -%}",
  credits: ['<svg onload=alert(3)>', '${7*1970000197}', '{{ page.inputPath }}'],
  products: [{ name: '<iframe src=javascript:alert(4)>', affected: '"><b>x</b>', fixed: '{{ 7*1990000199 }}' }],
  revisions: [{ date: '2025-06-03', note: '<script>alert(5)</script> {% set x = 7*2110000211 %}{{ x }}' }],
};
const BODY = [
  '<script>alert(6)</script>',
  '<a href="javascript:alert(7)">raw link</a> <img src=x onerror="alert(8)">',
  '[md link](javascript:alert(9)) [upper](JAVASCRIPT:alert(10)) [spaced]( javascript:alert(11)) [entity](java&#115;cript:alert(12))',
  '[vb](vbscript:msgbox(1)) ![data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxMyk8L3NjcmlwdD4=) <javascript:alert(14)>',
  'linkified javascript:alert(15) and {{ 7*2230000223 }} and {% if true %}EVALUATED{% endif %} and <!-- a comment -->',
].join('\n\n');

site.before(async () => {
  b = await builtCorpus();
  const front = {
    id: 'ADV-2025-0301', title: EVIL.title, summary: EVIL.summary, severity: 'high', products: EVIL.products, credits: EVIL.credits,
    tier: 'public', release: { public: '2025-06-03T00:00:00Z' }, revisions: EVIL.revisions, status: 'published',
    references: [{ url: 'https://example.com/"><script>alert(16)</script>', title: '<b onclick=alert(17)>ref</b>' }],
  };
  await b.corpus.file('advisories/ADV-2025-0301.md', `---\n${stringify(front)}---\n${BODY}\n`);
  await build(b.corpus, b.out, LATER);
  pub = await unencryptedTexts(b.out);
  partnerView = await groupText(b.out, 'partners', b.members.partners, b.corpus.publisher);
});
site.after(() => b.corpus.dispose());

const pages = () => [...pub].filter(([f]) => /\.(html|xml|json)$/.test(f));
const evilPages = () => pages().filter(([, t]) => t.includes('alert'));

site('the hostile advisory is published (the test sees its text on pages and feeds)', () => {
  assert.ok(evilPages().length >= 3, evilPages().map(([f]) => f).join());
  assert.ok(pub.get('feed.json')?.includes('ADV-2025-0301'));
});

const unescapeXml = (t: string) => t.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

/**
 * Markup a browser or feed reader would act on: HTML pages as they are; Atom as it is plus its
 * `type="html"` elements unescaped once (as a reader does); JSON Feed's `content_html` values.
 */
function markup(): [string, string][] {
  return evilPages().map(([file, text]): [string, string] => {
    if (file.endsWith('.xml')) {
      const html = [...text.matchAll(/<(\w+)[^>]*type="html"[^>]*>([\s\S]*?)<\/\1>/g)].map((m) => unescapeXml(m[2] ?? ''));
      return [file, [text, ...html].join('\n')];
    }
    if (!file.endsWith('.json')) return [file, text];
    const feed = JSON.parse(text) as { items?: { content_html?: string }[] };
    return [file, (feed.items ?? []).map((i) => i.content_html ?? '').join('\n')];
  });
}
const REAL_TAG = (inner: string) => new RegExp(`<[a-z][^<>]*${inner}`, 'i');

site('no injected element or event attribute on any page: hostile markup is escaped text', () => {
  for (const [file, html] of markup()) {
    for (const tag of ['<script', '<img', '<svg', '<iframe', '<b>x', '<b onclick']) assert.not.ok(html.toLowerCase().includes(tag), `${file} has ${tag}`);
    assert.not.match(html, REAL_TAG('\\son[a-z]+\\s*='), `${file} has an event attribute`);
  }
});

site('no javascript:, vbscript: or data: URL becomes a link or an image', () => {
  for (const [file, html] of markup()) {
    assert.not.match(html, REAL_TAG('\\s(?:href|src)\\s*=\\s*["\']?\\s*(?:javascript|vbscript|data|java&#)'), file);
  }
});

site('template syntax is shown literally on pages and in feeds, never evaluated', () => {
  const all = [...pub.values()].join('\n') + partnerView;
  // Products of 11 digits: a 4-digit one (7*191 = 1337) turned up by chance in a signature or a hash.
  for (const product of ['13370001337', '13510001351', '13790001379', '13930001393', '14770001477', '15610001561']) {
    assert.not.ok(all.includes(product), `something evaluated to ${product}`);
  }
  assert.not.match(all, /(?<!%\})EVALUATED/, 'the {% if %} was evaluated');
  const page = evilPages().find(([f]) => f.endsWith('.html') && f.includes('0301'));
  assert.ok(page !== undefined, 'the advisory page exists');
  for (const literal of ['{{ 7*1910000191 }}', '{% raw %}', '{{ 7*2230000223 }}', '{% if true %}']) assert.ok(page[1].includes(literal), `${literal} shown`);
});

site('partners\' item HTML is escaped the same way (raw HTML off, unsafe links dropped)', () => {
  const html = partnerView.split('\n').map((l) => (JSON.parse(l) as { html?: string }).html ?? '').join('\n');
  assert.ok(html.includes('alert(6)'), 'the body is there');
  assert.not.ok(html.includes('<script'));
  assert.not.match(html, /(?:href|src)="(?:javascript|vbscript|data)/i);
});

site('a reference URL with another scheme is refused at check time: FIELD_INVALID, output untouched', async () => {
  const before = await snapshot(b.out);
  const front = {
    id: 'ADV-2025-0302', title: 'T', summary: 'S', severity: 'low', products: [{ name: 'W', affected: '< 1' }],
    tier: 'public', release: { public: '2025-06-03' }, status: 'published', references: [{ url: 'javascript:alert(1)' }],
  };
  await b.corpus.file('advisories/ADV-2025-0302.md', `---\n${stringify(front)}---\nx\n`);
  await refusedUntouched(b, 'FIELD_INVALID');
  await b.corpus.remove('advisories/ADV-2025-0302.md');
  assert.equal(await snapshot(b.out), before);
});

site.run();
