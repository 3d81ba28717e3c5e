/**
 * Holds atom.xml to RFC 4287: well-formed XML (strict parser), the Atom namespace, the required
 * feed and entry elements (§4.1.1, §4.1.2), absolute IRIs for ids (§4.2.6), RFC 3339 dates (§3.3),
 * authors (§4.2.1), links with href (§4.2.7), categories with term (§4.2.2), text types (§3.1).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { atomFeed, escapeXml } from '../../../scripts/build/public/atom.js';
import { siteData, sortPages, toAdvisoryPage } from '../../../scripts/build/public/site-data.js';
import { samplePublicViews, sampleProgram } from '../csaf/sample-views.js';
import { parseXml, type XmlElement } from './xml.js';

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const ATOM = 'http://www.w3.org/2005/Atom';

function render(now = '2025-09-10T00:00:00Z'): string {
  const pages = sortPages(samplePublicViews().map(toAdvisoryPage));
  const site = siteData(sampleProgram(), pages, { fingerprint: 'AB'.repeat(20), armored: 'KEY' }, 'key.asc');
  return atomFeed(site, pages, 'https://security.example.com/', now);
}

const all = (e: XmlElement, name: string): XmlElement[] => e.children.filter((c) => c.name === name);

function exactlyOne(e: XmlElement, name: string): XmlElement {
  const found = all(e, name);
  assert.is(found.length, 1, `<${e.name}> must contain exactly one <${name}>, has ${found.length}`);
  return found[0]!;
}

function checkText(e: XmlElement): void {
  const type = e.attributes.type ?? 'text';
  assert.ok(['text', 'html', 'xhtml'].includes(type), `text construct type ${type}`);
}

function checkCommon(e: XmlElement): void {
  const id = exactlyOne(e, 'id').text;
  assert.ok(/^[a-z][a-z0-9+.-]*:/i.test(id) && new URL(id).href !== '', `id ${id} is an absolute IRI`);
  checkText(exactlyOne(e, 'title'));
  assert.match(exactlyOne(e, 'updated').text, RFC3339);
  for (const published of all(e, 'published')) assert.match(published.text, RFC3339);
  for (const link of all(e, 'link')) assert.ok(typeof link.attributes.href === 'string' && link.attributes.href !== '', 'link has href');
  for (const category of all(e, 'category')) assert.ok(category.attributes.term, 'category has term');
  for (const author of all(e, 'author')) exactlyOne(author, 'name');
  const alternates = all(e, 'link').filter((l) => (l.attributes.rel ?? 'alternate') === 'alternate').map((l) => `${l.attributes.type}|${l.attributes.hreflang}`);
  assert.is(new Set(alternates).size, alternates.length, 'at most one alternate link per type and hreflang');
}

test('atom.xml is well-formed XML in the Atom namespace and meets RFC 4287 §4.1.1 and §4.1.2', () => {
  const feed = parseXml(render());
  assert.is(feed.name, 'feed');
  assert.is(feed.attributes.xmlns, ATOM);
  checkCommon(feed);
  assert.ok(all(feed, 'link').some((l) => l.attributes.rel === 'self'), 'feed SHOULD have a self link');
  const entries = all(feed, 'entry');
  assert.is(entries.length, samplePublicViews().length);
  for (const entry of entries) {
    checkCommon(entry);
    // §4.1.2: without atom:content an entry needs an alternate link; the feed's author covers entries.
    assert.ok(all(entry, 'content').length > 0 || all(entry, 'link').some((l) => (l.attributes.rel ?? 'alternate') === 'alternate'));
    assert.ok(all(feed, 'author').length > 0 || all(entry, 'author').length > 0, 'every entry has an author');
    for (const summary of all(entry, 'summary')) checkText(summary);
  }
});

test('feed updated is now, entries newest change first', () => {
  const feed = parseXml(render('2026-01-02T03:04:05Z'));
  assert.is(exactlyOne(feed, 'updated').text, '2026-01-02T03:04:05Z');
  const updated = all(feed, 'entry').map((e) => exactlyOne(e, 'updated').text);
  assert.equal(updated, [...updated].sort().reverse());
});

test('markup and template syntax in titles stay text', () => {
  const feed = parseXml(render());
  const titles = all(feed, 'entry').map((e) => exactlyOne(e, 'title').text);
  assert.ok(titles.some((t) => t.includes('{{ 7*7 }}') && t.includes('<script>alert(1)</script>')));
});

test('escapeXml drops characters XML 1.0 forbids', () => {
  assert.is(escapeXml('a\u0001b<&>"'), 'ab&lt;&amp;&gt;&quot;');
  assert.throws(() => parseXml('<a>1 < 2</a>'));
  assert.throws(() => parseXml('<a><b></a></b>'));
  assert.throws(() => parseXml('<a x="1" x="2"/>'));
});

test.run();
