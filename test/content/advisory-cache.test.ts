/**
 * The cache of parsed advisories itself (scripts/content/advisory-cache.ts); its place in the
 * build is test/build/advisory-cache.test.ts.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { CACHE_DIR, openAdvisoryCache } from '../../scripts/content/advisory-cache.js';
import { REWRITE_AFTER, worthRewriting } from '../../scripts/content/cache-files.js';
import type { Advisory } from '../../scripts/content/types.js';
import { loadContent } from '../../scripts/content/index.js';
import { forgetSourceTexts } from '../../scripts/content/source-text.js';
import { isFeedError } from '../../scripts/feed/errors.js';
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

cache('an advisory from the cache reads its sections from its file when asked; a parsed one keeps them', async () => {
  const fixture = await fixtureRoot();
  try {
    const parsed = await loadContent(fixture.root, { now: NOW, cache: true });
    const cached = await loadContent(fixture.root, { now: NOW, cache: true });
    const id = parsed.content.advisories.find((a) => a.segments.length > 1)?.id;
    const of = (loaded: typeof parsed) => loaded.content.advisories.find((a) => a.id === id) as Advisory;
    const file = path.join(fixture.root, of(cached).source.path);
    const before = of(cached).segments.map((s) => s.markdown);
    forgetSourceTexts();
    // Changed on disk after loading: the parsed advisory still holds its text, the cached one
    // refuses to read another text than the one it was loaded from.
    await writeFile(file, `${await readFile(file, 'utf8')}\nAdded later.\n`);
    assert.equal(of(parsed).segments.map((s) => s.markdown), before);
    assert.throws(() => of(cached).segments.map((s) => s.markdown), (error: unknown) => isFeedError(error, 'FILE_CHANGED'));
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

cache('a few changes wait: the file is written again once they reach REWRITE_AFTER, or 1 in 100 of a small cache', () => {
  assert.not.ok(worthRewriting(0, 0, 10));
  assert.ok(worthRewriting(1, 0, 10), 'a cache of under 100 entries: every change');
  assert.ok(worthRewriting(0, 1, 10), 'an entry left unused (a file removed or edited)');
  assert.not.ok(worthRewriting(1, 1, 300), '300 entries: from 3 changes');
  assert.ok(worthRewriting(2, 1, 300));
  assert.not.ok(worthRewriting(1, 1, 10_000), 'one edited file of 10,000');
  assert.not.ok(worthRewriting(REWRITE_AFTER / 2, REWRITE_AFTER / 2 - 1, 50_000));
  assert.ok(worthRewriting(REWRITE_AFTER / 2, REWRITE_AFTER / 2, 50_000));
  assert.ok(worthRewriting(10_000, 0, 10_000), 'a new or foreign cache');
});

cache('one edit of 300 files is not written; its entry is made again until enough changed, then all are kept', async () => {
  const root = await mkdtemp(path.join(tmpdir(), 'advisory-feed-cache-'));
  const file = path.join(root, CACHE_FILE);
  const text = (n: number, edit = 0) => `---\nid: ADV-2026-${String(n).padStart(4, '0')}\n---\nrevision ${edit}\n`;
  const parsed = (n: number) => ({ id: `ADV-2026-${n}`, segments: [] }) as unknown as Advisory;
  /** One run over files 0-299, edits as given: how many entries it took, and whether it wrote. */
  const run = async (edits: Record<number, number>) => {
    const before = await readFile(file, 'utf8').catch(() => '');
    const cache = await openAdvisoryCache(root, { program: 'p' });
    let taken = 0;
    for (let n = 0; n < 300; n++) {
      const name = `advisories/ADV-2026-${n}.md`;
      if (cache.get(name, text(n, edits[n] ?? 0)) !== undefined) taken++;
      else cache.set(name, text(n, edits[n] ?? 0), parsed(n));
    }
    await cache.save();
    return { taken, wrote: (await readFile(file, 'utf8')) !== before };
  };
  try {
    assert.equal(await run({}), { taken: 0, wrote: true });
    assert.equal(await run({}), { taken: 300, wrote: false });
    assert.equal(await run({ 7: 1 }), { taken: 299, wrote: false }, 'one edit: parsed, not written');
    assert.equal(await run({ 7: 1 }), { taken: 299, wrote: false }, 'parsed again');
    assert.equal(await run({ 7: 1, 8: 1 }), { taken: 298, wrote: true }, 'two made, two unused: written');
    assert.equal(await run({ 7: 1, 8: 1 }), { taken: 300, wrote: false });
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

cache.run();
