import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { releaseOf, type Advisory, type Program } from '../../scripts/content/index.js';

const program = {
  tiers: [
    { name: 'public', rank: 0, tlp: 'CLEAR' },
    { name: 'partner', rank: 1, tlp: 'AMBER' },
    { name: 'poc', rank: 2, tlp: 'RED' },
  ],
} as Program;
const advisory = (tier: string, release: Record<string, string>) => ({ tier, release }) as Advisory;

test('three waves: each tier from its own date', () => {
  const a = advisory('public', { poc: '2025-06-24T00:00:00Z', partner: '2025-07-03T00:00:00Z', public: '2025-07-08T00:00:00Z' });
  assert.is(releaseOf(a, 'poc', program), '2025-06-24T00:00:00Z');
  assert.is(releaseOf(a, 'partner', program), '2025-07-03T00:00:00Z');
  assert.is(releaseOf(a, 'public', program), '2025-07-08T00:00:00Z');
});

test('a higher tier without a date inherits the earliest lower date', () => {
  const a = advisory('public', { partner: '2025-03-04T00:00:00Z', public: '2025-03-11T00:00:00Z' });
  assert.is(releaseOf(a, 'poc', program), '2025-03-04T00:00:00Z');
});

test('a tier with no date at or below it never sees the advisory (open embargo)', () => {
  const a = advisory('partner', { partner: '2026-08-27T00:00:00Z' });
  assert.is(releaseOf(a, 'public', program), undefined);
  assert.is(releaseOf(a, 'poc', program), '2026-08-27T00:00:00Z');
});

test('a tier below the advisory never sees it, even with a stray date', () => {
  assert.is(releaseOf(advisory('partner', { public: '2025-01-01T00:00:00Z' }), 'public', program), undefined);
});

test.run();
