import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { planAudiences, type Plan } from '../../scripts/build/plan/index.js';
import { throwsWithCode } from '../helpers/assert.js';
import { advisory, content, key, partner } from './model.js';

function viewsOf(plan: Plan, group: string) {
  const found = plan.groups.find((g) => g.group.id === group);
  if (found === undefined) throw new Error(`no group ${group}`);
  return found.views;
}
const ids = (plan: Plan, group: string) => viewsOf(plan, group).map((v) => v.advisory.id);
const at = (iso: string) => new Date(iso);

const embargo = suite('plan: embargo');

embargo('the same content at three --now values gives three visibilities', () => {
  const c = content([advisory('ADV-1')]);
  const before = planAudiences(c, at('2025-06-23T12:00:00Z'));
  assert.equal([ids(before, 'public'), ids(before, 'partners'), ids(before, 'trusted')], [[], [], []]);
  const poc = planAudiences(c, at('2025-06-24T00:00:00Z'));
  assert.equal([ids(poc, 'public'), ids(poc, 'partners'), ids(poc, 'trusted')], [[], [], ['ADV-1']]);
  const partners = planAudiences(c, at('2025-07-03T09:00:00Z'));
  assert.equal([ids(partners, 'public'), ids(partners, 'partners'), ids(partners, 'trusted')], [[], ['ADV-1'], ['ADV-1']]);
  const everyone = planAudiences(c, at('2025-07-08T00:00:00.000Z'));
  assert.equal([ids(everyone, 'public'), ids(everyone, 'partners'), ids(everyone, 'trusted')], [['ADV-1'], ['ADV-1'], ['ADV-1']]);
});

embargo('a tier with no release date never sees the advisory (open-ended embargo)', () => {
  const c = content([advisory('ADV-1', { release: { poc: '2025-06-24T00:00:00Z' } })]);
  const plan = planAudiences(c, at('2030-01-01T00:00:00Z'));
  assert.equal([ids(plan, 'public'), ids(plan, 'partners'), ids(plan, 'trusted')], [[], [], ['ADV-1']]);
});

embargo('modified is the moment the group last saw a change: release or later revision', () => {
  const c = content([advisory('ADV-1')]);
  const plan = planAudiences(c, at('2025-07-09T00:00:00Z'));
  assert.is(viewsOf(plan, 'trusted')[0]?.modified, '2025-06-24T00:00:00Z');
  assert.is(viewsOf(plan, 'partners')[0]?.modified, '2025-07-03T00:00:00Z');
  assert.is(viewsOf(plan, 'public')[0]?.modified, '2025-07-08T00:00:00Z');
});

const sections = suite('plan: sections and metadata');

sections('a lower view has the higher section removed, fences and all', () => {
  const plan = planAudiences(content([advisory('ADV-1')]), at('2025-07-09T00:00:00Z'));
  const [pub] = viewsOf(plan, 'public');
  const [part] = viewsOf(plan, 'partners');
  const [trusted] = viewsOf(plan, 'trusted');
  assert.is(pub?.markdown, 'Base text of ADV-1.\n');
  assert.is(part?.markdown, 'Base text of ADV-1.\n');
  assert.is(trusted?.markdown, 'Base text of ADV-1.\n\nPoC of ADV-1.\n');
  assert.not.match(JSON.stringify(part), /PoC of/);
  assert.equal(trusted?.tiers, ['public', 'partner', 'poc']);
  assert.is(trusted?.topTier, 'poc');
  assert.is(pub?.topTier, 'public');
});

sections('release dates of tiers above the group are removed from the metadata', () => {
  const plan = planAudiences(content([advisory('ADV-1')]), at('2025-07-09T00:00:00Z'));
  assert.equal(viewsOf(plan, 'public')[0]?.advisory.release, { public: '2025-07-08T00:00:00Z' });
  assert.equal(viewsOf(plan, 'partners')[0]?.advisory.release, { partner: '2025-07-03T00:00:00Z', public: '2025-07-08T00:00:00Z' });
  assert.equal(Object.keys(viewsOf(plan, 'trusted')[0]?.advisory.release ?? {}).sort(), ['partner', 'poc', 'public']);
  const meta = viewsOf(plan, 'public')[0]?.advisory as Record<string, unknown>;
  assert.is(meta.segments, undefined);
  assert.is(meta.source, undefined);
  assert.is(meta.lines, undefined);
});

sections('a section of a tier between the group and the advisory is kept; one above is not', () => {
  const a = advisory('ADV-2', {
    tier: 'public',
    segments: [
      { tier: null, markdown: 'Everyone.\n', line: 10 },
      { tier: 'partner', markdown: 'Partners only.\n', line: 12 },
      { tier: null, markdown: '\nMore for everyone.\n', line: 14 },
      { tier: 'poc', markdown: 'Exploit.\n', line: 16 },
    ],
  });
  const plan = planAudiences(content([a]), at('2025-07-09T00:00:00Z'));
  assert.is(viewsOf(plan, 'public')[0]?.markdown, 'Everyone.\n\nMore for everyone.\n');
  assert.is(viewsOf(plan, 'partners')[0]?.markdown, 'Everyone.\n\nPartners only.\n\nMore for everyone.\n');
  assert.is(viewsOf(plan, 'trusted')[0]?.markdown, 'Everyone.\n\nPartners only.\n\nMore for everyone.\n\nExploit.\n');
});

sections('a view reads out the same Markdown every time, also when copied, cloned or serialised, and stays frozen', () => {
  const a = advisory('ADV-2', {
    segments: [
      { tier: null, markdown: 'Everyone.\n', line: 10 },
      { tier: 'poc', markdown: 'Exploit.\n', line: 12 },
    ],
  });
  const view = viewsOf(planAudiences(content([a]), at('2025-07-09T00:00:00Z')), 'trusted')[0];
  if (view === undefined) throw new Error('no view');
  const text = 'Everyone.\n\nExploit.\n';
  assert.is(view.markdown, text);
  assert.is(view.markdown, text);
  assert.is({ ...view }.markdown, text);
  assert.is(structuredClone(view).markdown, text);
  assert.is((JSON.parse(JSON.stringify(view)) as { markdown: string }).markdown, text);
  assert.ok(Object.isFrozen(view));
  assert.throws(() => Object.defineProperty(view, 'markdown', { value: 'other' }));
  assert.is(view.markdown, text);
  // Its fields, in this order, are all it shows (the getter's own text function is not one).
  const fields = ['tiers', 'topTier', 'advisory', 'markdown', 'revision', 'modified', 'status', 'viewHash'];
  assert.equal(Object.keys(view), fields);
  assert.equal(Object.keys({ ...view }), fields);
  assert.equal(Object.keys(JSON.parse(JSON.stringify(view)) as object), fields);
  // The metadata keeps the content's field order, release dates last.
  assert.equal(Object.keys(view.advisory).at(-1), 'release');
  assert.equal(Object.keys(view.advisory).slice(0, -1), Object.keys(a).filter((k) => !['segments', 'source', 'lines', 'release'].includes(k)));
});

sections('views of equal content share a viewHash across groups; different content does not', () => {
  const groups = [
    { id: 'public', name: 'Everyone', tiers: ['public'], public: true },
    { id: 'eu', name: 'EU partners', tiers: ['partner'], public: false },
    { id: 'us', name: 'US partners', tiers: ['partner'], public: false },
    { id: 'trusted', name: 'Trusted', tiers: ['poc'], public: false },
  ];
  const partners = [partner('a', ['eu']), partner('b', ['us']), partner('c', ['trusted'])];
  const plan = planAudiences(content([advisory('ADV-1')], partners, groups), at('2025-07-09T00:00:00Z'));
  assert.is(viewsOf(plan, 'eu')[0]?.viewHash, viewsOf(plan, 'us')[0]?.viewHash);
  assert.is.not(viewsOf(plan, 'eu')[0]?.viewHash, viewsOf(plan, 'trusted')[0]?.viewHash);
  assert.is.not(viewsOf(plan, 'eu')[0]?.viewHash, viewsOf(plan, 'public')[0]?.viewHash);
});

const status = suite('plan: drafts and withdrawn');

status('drafts are never planned, for any group at any time', () => {
  const plan = planAudiences(content([advisory('ADV-1', { status: 'draft' })]), at('2030-01-01T00:00:00Z'));
  assert.equal(plan.groups.map((g) => g.views.length), [0, 0, 0]);
});

status('withdrawn advisories stay listed as withdrawn for groups that could see them', () => {
  const a = advisory('ADV-1', { status: 'withdrawn', withdrawnReason: 'Not a vulnerability' });
  const plan = planAudiences(content([a]), at('2025-07-04T00:00:00Z'));
  assert.equal(ids(plan, 'public'), []);
  assert.is(viewsOf(plan, 'partners')[0]?.status, 'withdrawn');
  assert.is(viewsOf(plan, 'trusted')[0]?.status, 'withdrawn');
});

const recipients = suite('plan: recipients');

recipients('every usable key of every active member, and nobody else', () => {
  const partners = [
    partner('acme', ['partners'], { keys: [key('A1'), key('A2')] }),
    partner('bolt', ['partners', 'trusted'], { keys: [key('B1')] }),
    partner('shady', ['partners'], { status: 'suspended', keys: [key('S1')] }),
    partner('gone', ['trusted'], { status: 'removed', keys: [key('G1')] }),
    partner('stale', ['partners'], { keys: [key('E1', { usable: false, problem: 'expired' }), key('E2')] }),
  ];
  const plan = planAudiences(content([], partners), at('2025-07-09T00:00:00Z'));
  const fprs = (g: string) => plan.groups.find((x) => x.group.id === g)?.recipients.map((r) => r.key.fingerprint);
  assert.equal(fprs('partners'), ['A1', 'A2', 'B1', 'E2']);
  assert.equal(fprs('trusted'), ['B1']);
  assert.equal(fprs('public'), []);
  const codes = plan.warnings.map((w) => `${w.code}:${w.message.split(' ')[1]}`).sort();
  assert.equal(codes, ['KEY_UNUSABLE:E1', 'PARTNER_INACTIVE:gone', 'PARTNER_INACTIVE:shady']);
});

recipients('a non-public group left with no recipient is BUILD_NO_RECIPIENTS', () => {
  const partners = [partner('acme', ['partners']), partner('gone', ['trusted'], { status: 'removed' })];
  const error = throwsWithCode(() => planAudiences(content([advisory('ADV-1')], partners), at('2025-07-09T00:00:00Z')), 'BUILD_NO_RECIPIENTS');
  assert.match(error.message, /trusted/);
});

recipients('the public group needs no recipient', () => {
  const plan = planAudiences(content([advisory('ADV-1')]), at('2025-07-09T00:00:00Z'));
  assert.equal(plan.groups.find((g) => g.group.public)?.recipients, []);
});

embargo.run();
sections.run();
status.run();
recipients.run();
