import { createHash } from 'node:crypto';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { planAudiences, type Plan } from '../../scripts/build/plan/index.js';
import type { Advisory } from '../../scripts/content/types.js';
import { canonicalJson } from '../../scripts/feed/canonical-json.js';
import { advisory, content } from './model.js';

const NOW = new Date('2025-07-09T00:00:00Z');

/** The definition: SHA-256 of the canonical JSON of the view (without the hash itself). */
function reference(view: Plan['groups'][number]['views'][number]): string {
  const { viewHash: _hash, ...shared } = view;
  return createHash('sha256').update(canonicalJson(shared), 'utf8').digest('hex');
}

const hashes = (a: Advisory) => Object.fromEntries(planAudiences(content([a]), NOW).groups.map((g) => [g.group.id, g.views[0]?.viewHash]));

/** Advisories with what is awkward to serialise: escapes, surrogates at section edges, optional fields, blank sections. */
const awkward: Advisory[] = [
  advisory('ADV-1'),
  advisory('ADV-2', {
    cvss: { vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', score: 9.8 },
    cve: ['CVE-2025-0001', 'CVE-2025-0002'],
    credits: ['Zoë "quoted" \\ backslash'],
    references: [{ url: 'https://example.test/a', title: 'Ünïcode \u2028 line separator' }, { url: 'https://example.test/b' }],
    status: 'withdrawn',
    withdrawnReason: 'Duplicate\tof ADV-1',
    segments: [
      { tier: null, markdown: '\n\n  \nBase with "quotes", \\ and \u0001 control \uD83D', line: 10 },
      { tier: 'partner', markdown: '\uDE00 partner text, emoji 😀\r\n\n', line: 12 },
      { tier: null, markdown: '   \n\t\n', line: 14 },
      { tier: 'poc', markdown: '```\nexploit </script>\n```\n', line: 16 },
    ],
  }),
  advisory('ADV-3', {
    tier: 'partner',
    release: { partner: '2025-07-01T00:00:00Z', poc: '2025-06-01T00:00:00Z' },
    revisions: [
      { date: '2025-06-01T00:00:00Z', note: 'Told the PoC tier' },
      { date: '2025-07-01T00:00:00Z', note: 'Told partners' },
      { date: '2025-07-05T00:00:00Z', note: 'Fix released' },
    ],
    segments: [],
  }),
  advisory('ADV-4', { revisions: [], products: [] }),
];

const equal = suite('plan: viewHash is the hash of the canonical JSON of the view');

equal('for every view of awkward advisories, at several times', () => {
  let checked = 0;
  for (const now of ['2025-06-24T00:00:00Z', '2025-07-03T12:00:00Z', '2025-07-09T00:00:00Z']) {
    for (const group of planAudiences(content(awkward), new Date(now)).groups) {
      for (const view of group.views) {
        assert.is(view.viewHash, reference(view), `${group.group.id} ${view.advisory.id} at ${now}`);
        checked++;
      }
    }
  }
  assert.ok(checked >= 20, `only ${checked} views checked`);
});

equal('a lone surrogate at the end of one section and the start of the next stays escaped', () => {
  const view = planAudiences(content([awkward[1] as Advisory]), NOW).groups.find((g) => g.group.id === 'trusted')?.views[0];
  assert.ok(view?.markdown.includes('\uD83D\n\n\uDE00'));
  assert.ok(canonicalJson(view?.markdown).includes('\\ud83d\\n\\n\\ude00'));
  assert.is(view?.viewHash, view === undefined ? '' : reference(view));
});

equal('views, their metadata and loaded advisories cannot be changed after hashing', () => {
  const [view] = planAudiences(content([advisory('ADV-1')]), NOW).groups[0]?.views ?? [];
  assert.ok(view !== undefined && Object.isFrozen(view) && Object.isFrozen(view.advisory) && Object.isFrozen(view.advisory.release) && Object.isFrozen(view.tiers));
  assert.throws(() => {
    (view as { markdown: string }).markdown = 'changed';
  }, TypeError);
});

const changes = suite('plan: viewHash changes with anything the view shows');

const base = advisory('ADV-1', { cvss: { vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', score: 9.8 }, withdrawnReason: undefined });
const edits: [string, Partial<Advisory> | ((a: Advisory) => Advisory)][] = [
  ['title', { title: 'Another title' }],
  ['summary', { summary: 'Another summary' }],
  ['severity', { severity: 'low' }],
  ['cvss', { cvss: { vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:L', score: 9.4 } }],
  ['cve', { cve: ['CVE-2025-9999'] }],
  ['products', { products: [{ name: 'Widget', affected: '< 2.0', fixed: '2.0.1' }] }],
  ['credits', { credits: ['Someone'] }],
  ['references', { references: [{ url: 'https://example.test/', title: 'Write-up' }] }],
  ['a revision note', { revisions: [{ date: '2025-07-08T00:00:00Z', note: 'Changed note' }] }],
  ['a new revision', { revisions: [{ date: '2025-06-24T00:00:00Z', note: 'First notice' }, { date: '2025-07-08T12:00:00Z', note: 'Fixed' }] }],
  ['status', { status: 'withdrawn', withdrawnReason: 'Not a bug' }],
  ['base text', { segments: [{ tier: null, markdown: 'Other base text.\n', line: 20 }, { tier: 'poc', markdown: 'PoC of ADV-1.\n', line: 23 }] }],
  ['the public release date', { release: { poc: '2025-06-24T00:00:00Z', partner: '2025-07-03T00:00:00Z', public: '2025-07-07T00:00:00Z' } }],
  ['a field the plan does not know', (a) => ({ ...a, embargoNote: 'new field' }) as Advisory],
];

for (const [what, edit] of edits) {
  changes(`every group's view changes with ${what}`, () => {
    const before = hashes(base);
    const after = hashes(typeof edit === 'function' ? edit(base) : { ...base, ...edit });
    for (const group of Object.keys(before)) assert.is.not(after[group], before[group], group);
  });
}

changes('a PoC section edit changes the PoC view only; the views that cannot see it stay the same', () => {
  const before = hashes(base);
  const after = hashes({ ...base, segments: [{ tier: null, markdown: 'Base text of ADV-1.\n', line: 20 }, { tier: 'poc', markdown: 'Another PoC.\n', line: 23 }] });
  assert.is.not(after.trusted, before.trusted);
  assert.is(after.public, before.public);
  assert.is(after.partners, before.partners);
});

changes('the partner release date changes the views that may see it, not the public one', () => {
  const before = hashes(base);
  const after = hashes({ ...base, release: { poc: '2025-06-24T00:00:00Z', partner: '2025-07-02T00:00:00Z', public: '2025-07-08T00:00:00Z' } });
  assert.is.not(after.partners, before.partners);
  assert.is.not(after.trusted, before.trusted);
  assert.is(after.public, before.public);
});

equal.run();
changes.run();
