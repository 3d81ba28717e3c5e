/**
 * The cache of parsed advisories itself (scripts/content/advisory-cache.ts); its place in the
 * build is test/build/advisory-cache.test.ts.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { CACHE_DIR } from '../../scripts/content/advisory-cache.js';
import { loadContent } from '../../scripts/content/index.js';
import { fixtureRoot, NOW } from './fixture-root.js';

const cache = suite('advisory cache');
const CACHE_FILE = path.join(CACHE_DIR, 'advisories.json');

cache('an advisory from the cache is the parsed one, field for field and in the same order', async () => {
  const fixture = await fixtureRoot();
  try {
    const parsed = await loadContent(fixture.root, { now: NOW, cache: true });
    assert.equal(parsed.problems, []);
    const cached = await loadContent(fixture.root, { now: NOW, cache: true });
    assert.ok(parsed.content.advisories.some((a) => a.segments.length > 1), 'a fixture with sections');
    assert.is(JSON.stringify(cached.content.advisories), JSON.stringify(parsed.content.advisories));
  } finally {
    await fixture.remove();
  }
});

cache('holds where each section is in the file, not its text', async () => {
  const fixture = await fixtureRoot();
  try {
    const { content } = await loadContent(fixture.root, { now: NOW, cache: true });
    const stored = await readFile(path.join(fixture.root, CACHE_FILE), 'utf8');
    const sections = content.advisories.flatMap((a) => a.segments.map((s) => s.markdown)).filter((m) => m.length > 40);
    assert.ok(sections.length > 0);
    for (const markdown of sections) assert.not.ok(stored.includes(JSON.stringify(markdown).slice(1, -1)), markdown.slice(0, 40));
  } finally {
    await fixture.remove();
  }
});

cache('an entry whose sections do not fit the file is parsed again, not trusted', async () => {
  const fixture = await fixtureRoot();
  try {
    const parsed = await loadContent(fixture.root, { now: NOW, cache: true });
    const file = path.join(fixture.root, CACHE_FILE);
    const doc = JSON.parse(await readFile(file, 'utf8')) as { entries: Record<string, { segments: { at?: number }[] }> };
    for (const entry of Object.values(doc.entries)) for (const segment of entry.segments) if (segment.at !== undefined) segment.at = 1e9;
    await writeFile(file, JSON.stringify(doc));
    const again = await loadContent(fixture.root, { now: NOW, cache: true });
    assert.is(JSON.stringify(again.content.advisories), JSON.stringify(parsed.content.advisories));
  } finally {
    await fixture.remove();
  }
});

cache.run();
