/**
 * scripts/content/partner-cache.ts: a partner taken from the cache is the parsed one, and every
 * problem a load reports (the partner's groups against the program, its keys at --now, its
 * status) is reported again, at the same lines, when its front matter comes from the cache.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { CACHE_DIR } from '../../scripts/content/cache-files.js';
import { loadContent, type ContentProblem } from '../../scripts/content/index.js';
import { fixtureRoot, NOW } from './fixture-root.js';

const cache = suite('partner cache');
const CACHE_FILE = path.join(CACHE_DIR, 'partners.json');
const list = (problems: ContentProblem[]) => problems.map((p) => `${p.path}:${p.line} ${p.code} ${p.message}`);

/** Fixtures whose partner files load with a problem that is not in their front matter's parse. */
const CASES: [fixture: string | undefined, keys: string[]][] = [
  [undefined, []], ['group-unknown', []], ['partner-no-key', []], ['status-no-date', []], ['key-missing', []],
  ['key-expired', ['expired.asc']], ['key-sign-only', ['sign-only.asc']], ['key-path-traversal', []],
];

cache('a partner from the cache is the parsed one, with the same problems at the same lines', async () => {
  for (const [fixture, keys] of CASES) {
    const root = await fixtureRoot(fixture, keys);
    try {
      const parsed = await loadContent(root.root, { now: NOW, cache: true });
      const stored = JSON.parse(await readFile(path.join(root.root, CACHE_FILE), 'utf8')) as { entries: object };
      assert.ok(Object.keys(stored.entries).length >= 1, `${fixture}: partners cached`);
      const cached = await loadContent(root.root, { now: NOW, cache: true });
      assert.is(JSON.stringify(cached.content.partners), JSON.stringify(parsed.content.partners), fixture);
      assert.equal(list(cached.problems), list(parsed.problems), fixture);
      if (fixture !== undefined) assert.ok(parsed.problems.some((p) => p.path?.startsWith('partners/') === true && p.path !== 'partners/program.yaml'), fixture);
    } finally {
      await root.remove();
    }
  }
});

cache('the front matter is taken from the cache, not parsed, and only for the same text', async () => {
  const root = await fixtureRoot();
  try {
    await loadContent(root.root, { now: NOW, cache: true });
    const file = path.join(root.root, CACHE_FILE);
    // Marks every cached body: a load that shows the mark took the partner from the cache.
    const stored = JSON.parse(await readFile(file, 'utf8')) as { entries: Record<string, { body: string }> };
    for (const entry of Object.values(stored.entries)) entry.body = 'from the cache';
    await writeFile(file, JSON.stringify(stored));
    const cached = await loadContent(root.root, { now: NOW, cache: true });
    assert.ok(cached.content.partners.length >= 2);
    assert.ok(cached.content.partners.every((p) => p.notes === 'from the cache'));
    // A partner file that changes is parsed again: its new status counts, whatever the cache holds.
    const alpha = path.join(root.root, 'partners/alpha.md');
    const text = await readFile(alpha, 'utf8');
    assert.match(text, /^status: active$/m);
    await writeFile(alpha, text.replace(/^status: active$/m, 'status: suspended\nstatus_date: 2026-11-01\nstatus_reason: a leak'));
    const edited = await loadContent(root.root, { now: NOW, cache: true });
    const partner = edited.content.partners.find((p) => p.source.path === 'partners/alpha.md');
    assert.is(partner?.status, 'suspended');
    assert.is.not(partner?.notes, 'from the cache');
    const uncached = await loadContent(root.root, { now: NOW });
    assert.equal(list(edited.problems), list(uncached.problems));
    const uncachedAlpha = uncached.content.partners.find((p) => p.source.path === 'partners/alpha.md');
    assert.is(JSON.stringify(partner), JSON.stringify(uncachedAlpha));
  } finally {
    await root.remove();
  }
});

cache('a cache of another program or loader, or not JSON, is started afresh', async () => {
  const root = await fixtureRoot();
  try {
    const parsed = await loadContent(root.root, { now: NOW, cache: true });
    const file = path.join(root.root, CACHE_FILE);
    const stored = JSON.parse(await readFile(file, 'utf8')) as { salt: string; entries: Record<string, { body: string }> };
    for (const entry of Object.values(stored.entries)) entry.body = 'from the cache';
    await writeFile(file, JSON.stringify({ ...stored, salt: 'another program' }));
    const salted = await loadContent(root.root, { now: NOW, cache: true });
    assert.is(JSON.stringify(salted.content.partners), JSON.stringify(parsed.content.partners));
    await writeFile(file, 'not json');
    const broken = await loadContent(root.root, { now: NOW, cache: true });
    assert.is(JSON.stringify(broken.content.partners), JSON.stringify(parsed.content.partners));
  } finally {
    await root.remove();
  }
});

cache.run();
