import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { jsonFeed } from '../../../scripts/build/public/json-feed.js';
import { siteData, sortPages, toAdvisoryPage } from '../../../scripts/build/public/site-data.js';
import { makeView, samplePublicViews, sampleProgram } from '../csaf/sample-views.js';
import { JSON_FEED_1_1 } from './json-feed-schema.js';

// strictRequired off: the anyOf branches name properties defined one level up.
const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
addFormats.default(ajv);
const validate = ajv.compile(JSON_FEED_1_1);

function render(views = samplePublicViews()): Record<string, unknown> {
  const pages = sortPages(views.map(toAdvisoryPage));
  const site = siteData(sampleProgram(), pages, { fingerprint: 'AB'.repeat(20), armored: 'KEY' }, 'key.asc');
  return JSON.parse(jsonFeed(site, pages, 'https://security.example.com/')) as Record<string, unknown>;
}

test('feed.json validates against the JSON Feed 1.1 schema', () => {
  const ok = validate(render());
  assert.ok(ok, JSON.stringify(validate.errors, null, 2));
});

test('the schema catches a broken feed (sanity check of the test itself)', () => {
  const feed = render() as { items: Record<string, unknown>[] };
  delete feed.items[0]!.content_text;
  feed.items[0]!.titel = 'typo';
  assert.not.ok(validate(feed));
});

test('items: newest change first, ids are page URLs, withdrawn flagged, CSAF URL in _advisory', () => {
  const feed = render() as { items: { id: string; date_modified: string; title: string; _advisory: { status: string; csaf: string } }[] };
  const dates = feed.items.map((i) => i.date_modified);
  assert.equal(dates, [...dates].sort().reverse());
  assert.is(feed.items[0]!.id, 'https://security.example.com/advisories/adv-2025-0002/');
  const withdrawn = feed.items.find((i) => i._advisory.status === 'withdrawn')!;
  assert.match(withdrawn.title, /^\[Withdrawn\]/);
  assert.is(feed.items[0]!._advisory.csaf, 'https://security.example.com/.well-known/csaf/white/2025/adv-2025-0002.json');
});

test('caps the feed at the newest 100 advisories', () => {
  const views = Array.from({ length: 130 }, (_, i) => makeView({ id: `ADV-2025-${String(i).padStart(4, '0')}` }));
  assert.is((render(views).items as unknown[]).length, 100);
});

test.run();
