import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { renderMarkdown } from '../../../scripts/build/render/markdown.js';

const md = suite('render: markdown');

md('raw HTML and comments are shown as text, never passed through', () => {
  const html = renderMarkdown('<script>alert(1)</script>\n\n<!-- hidden -->\n\nText <b>bold</b>\n');
  assert.not.match(html, /<script>/);
  assert.not.match(html, /<!--/);
  assert.not.match(html, /<b>/);
  assert.match(html, /&lt;script&gt;/);
});

md('only http(s), mailto and relative links become links', () => {
  const html = renderMarkdown('[a](javascript:alert(1)) [b](data:text/html,x) [c](vbscript:x) [d](https://ok.example/) [e](mailto:a@b.example) [f](../x#y) [g](#frag)\n');
  assert.not.match(html, /href="(javascript|data|vbscript):/);
  for (const href of ['https://ok.example/', 'mailto:a@b.example', '../x#y', '#frag']) assert.ok(html.includes(`href="${href}"`), href);
  assert.not.match(renderMarkdown('![x](data:image/png;base64,AAAA)\n'), /src="data:/);
});

md('bare URLs are linked (linkify)', () => {
  assert.match(renderMarkdown('See https://vendor.example/fix\n'), /<a href="https:\/\/vendor.example\/fix">/);
  assert.match(renderMarkdown('(https://vendor.example/a?b=c&d=e).\n'), /\(<a href="https:\/\/vendor.example\/a\?b=c&amp;d=e">https:\/\/vendor.example\/a\?b=c&amp;d=e<\/a>\)\./);
});

md('file names and bare domains are text, not links to the domains they spell', () => {
  // .py, .sh, .md and .rs are country domains: linkify's guesses linked each name to http://<name>.
  const html = renderMarkdown('Run exploit.py against setup.sh, lib/parse.rs and README.md; vendor.example and www.vendor.example too.\n');
  assert.not.match(html, /<a /);
  assert.match(html, /Run exploit\.py against setup\.sh, lib\/parse\.rs and README\.md/);
  // Bare e-mail addresses too; in angle brackets (CommonMark autolinks) both kinds are linked.
  assert.not.match(renderMarkdown('Write to security@vendor.example\n'), /<a /);
  const autolinks = renderMarkdown('<security@vendor.example> and <https://vendor.example/a>\n');
  assert.ok(autolinks.includes('<a href="mailto:security@vendor.example">security@vendor.example</a>'), autolinks);
  assert.ok(autolinks.includes('<a href="https://vendor.example/a">https://vendor.example/a</a>'), autolinks);
});

md('heading ids come from the heading text, deduplicated within the document', () => {
  const html = renderMarkdown('## Details\n\n## Details\n\n## Détails & `code`!\n');
  assert.match(html, /<h2 id="details">Details<\/h2>/);
  assert.match(html, /<h2 id="details-2">Details<\/h2>/);
  assert.match(html, /<h2 id="details-code">/);
});

md('template syntax is text', () => {
  const html = renderMarkdown('{{ 7 * 7 }} {% raw %}\n');
  assert.match(html, /\{\{ 7 \* 7 \}\}/);
});

md.run();
