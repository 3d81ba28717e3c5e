import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadContent, releaseOf } from '../../scripts/content/index.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const NOW = new Date('2026-11-28T09:00:00Z');
const loaded = loadContent(REPO, { now: NOW });

test('the sample content has no problems', async () => {
  const { problems } = await loaded;
  assert.equal(problems.map((p) => p.format()), []);
});

test('the three-wave RCE reaches poc, partner and public on its three dates, PoC only for poc', async () => {
  const { content } = await loaded;
  const rce = content.advisories.find((a) => a.id === 'ADV-2025-0031');
  assert.ok(rce);
  const on = (tier: string) => releaseOf(rce, tier, content.program);
  assert.equal([on('poc'), on('partner'), on('public')], ['2025-06-24T16:00:00Z', '2025-07-03T16:00:00Z', '2025-07-08T17:00:00Z']);
  assert.equal(rce.segments.map((s) => s.tier), [null, 'partner', 'poc']);
  assert.match(rce.segments[2]?.markdown ?? '', /Proof of concept/);
});

test('the samples cover embargo, partner-only, public-only, withdrawn and draft', async () => {
  const { content } = await loaded;
  const now = NOW.toISOString();
  const publicDate = (id: string) => {
    const a = content.advisories.find((x) => x.id === id);
    return a === undefined ? 'missing' : releaseOf(a, 'public', content.program);
  };
  assert.ok((publicDate('ADV-2026-0014') ?? '') > now, 'ADV-2026-0014 is still under embargo');
  assert.is(publicDate('ADV-2026-0009'), undefined, 'ADV-2026-0009 is partner-only');
  assert.equal(Object.keys(content.advisories.find((a) => a.id === 'ADV-2025-0003')?.release ?? {}), ['public']);
  assert.ok(content.advisories.some((a) => a.status === 'withdrawn' && a.withdrawnReason !== undefined));
  assert.ok(content.advisories.some((a) => a.status === 'draft'));
});

test('the sample partners: one suspended, one removed, one moved out of the PoC group', async () => {
  const { content } = await loaded;
  const status = Object.fromEntries(content.partners.map((p) => [p.id, p.status]));
  assert.ok(Object.values(status).includes('suspended'));
  assert.ok(Object.values(status).includes('removed'));
  const kestrel = content.partners.find((p) => p.id === 'kestrel-defense');
  assert.equal(kestrel?.groups, ['partners']);
  assert.match(kestrel?.notes ?? '', /partners-poc/);
  assert.ok(content.partners.some((p) => p.status === 'active' && p.groups.includes('partners-poc')));
});

test.run();
