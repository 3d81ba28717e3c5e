/**
 * Advisory text is data, never template: `{{ }}` and `{% %}` come out literally, HTML is escaped,
 * `javascript:` URLs are never links, on every public page and in the feeds.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { makeView } from '../csaf/sample-views.js';
import { renderSample } from './render-sample.js';

const hostile = makeView(
  {
    id: 'ADV-2025-0666',
    title: 'T {{ 7*7 }} {% raw %}x{% endraw %} {{ site.key.armored }} <script>alert(1)</script> <img src=x onerror=alert(1)>',
    summary: 'S {{ 7*7 }} {%- if true -%}yes{%- endif -%} <script>alert(2)</script>',
    credits: ['{{ 7*7 }} <b>Mallory</b>'],
    products: [{ name: '{{ 6*7 }}', affected: '<= 1.0 {% if 1 %}', fixed: '"><script>alert(3)</script>' }],
    revisions: [{ date: '2025-07-01T00:00:00Z', note: '{{ 7*7 }} <i>note</i>' }],
    references: [
      { url: 'javascript:alert(4)', title: 'js link' },
      { url: 'JaVaScRiPt:alert(5)' },
      { url: 'data:text/html,<script>alert(6)</script>', title: 'data link' },
      { url: 'https://example.com/"onmouseover="alert(7)', title: 'quote breaker' },
    ],
  },
  {
    markdown:
      '## H {{ 7*7 }}\n\n{% raw %}{{ 7*7 }}{% endraw %} and {% include "base.njk" %}\n\n<script>alert(8)</script>\n\n[click](javascript:alert(9)) [data](data:text/html;base64,PHNjcmlwdD4=) <javascript:alert(10)>\n\n<a href="javascript:alert(11)">raw</a>\n',
  },
);

test('template syntax in title, summary, body, credits, products and history renders literally', async () => {
  const r = await renderSample([hostile]);
  const page = r.text('advisories/adv-2025-0666/index.html');
  for (const html of [page, r.text('index.html')]) {
    assert.not.match(html, /\b49\b|\b42\b/, 'no expression was evaluated');
    assert.ok(html.includes('{{ 7*7 }}'), 'the braces are still there');
  }
  assert.ok(page.includes('{% raw %}x{% endraw %}'));
  assert.ok(page.includes('{% raw %}{{ 7*7 }}{% endraw %}'));
  assert.ok(page.includes('{%- if true -%}yes{%- endif -%}'));
  assert.ok(page.includes('{% include &quot;base.njk&quot; %}'));
  assert.ok(page.includes('{{ site.key.armored }}'), 'data cannot reach other data');
  assert.not.ok(page.includes('BEGIN PGP PUBLIC KEY BLOCK'));
  assert.ok(page.includes('<td>{{ 7*7 }} &lt;i&gt;note&lt;/i&gt;</td>'));
});

test('HTML in any field is escaped: no <script>, <img> or injected attribute reaches a page', async () => {
  const r = await renderSample([hostile]);
  for (const path of ['advisories/adv-2025-0666/index.html', 'index.html']) {
    const html = r.text(path);
    assert.not.match(html, /<script|<img|<b>|<i>|onmouseover="/i, path);
    // "onerror=" survives only as text inside the escaped tag.
    assert.is(html.split('onerror=').length - 1, html.split('&lt;img src=x onerror=').length - 1, path);
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), path);
  }
});

test('javascript: and data: URLs are never rendered as links, in references or in Markdown', async () => {
  const r = await renderSample([hostile]);
  const page = r.text('advisories/adv-2025-0666/index.html');
  const hrefs = [...page.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!);
  assert.ok(hrefs.length > 5);
  for (const href of hrefs) assert.not.match(href, /^\s*(javascript|data|vbscript):/i, href);
  assert.ok(page.includes('<li>js link</li>'));
  assert.ok(page.includes('[click](javascript:alert(9))'));
  assert.ok(hrefs.includes('https://example.com/%22onmouseover=%22alert(7)'));
});

test('feeds keep the text literal and well escaped', async () => {
  const r = await renderSample([hostile]);
  const feed = JSON.parse(r.text('feed.json')) as { items: { title: string }[] };
  assert.ok(feed.items[0]!.title.includes('{{ 7*7 }}'));
  const atom = r.text('atom.xml');
  assert.not.match(atom, /<script/);
  assert.ok(atom.includes('{{ 7*7 }}'));
});

test.run();
