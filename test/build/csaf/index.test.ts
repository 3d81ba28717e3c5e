import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { toCsaf } from '../../../scripts/build/csaf/index.js';
import { csafFilename } from '../../../scripts/build/csaf/filename.js';
import { toCsafTlp } from '../../../scripts/build/csaf/tlp.js';
import validateStrict from '@secvisogram/csaf-validator-lib/validateStrict.js';
import { optionalTest_6_2_13 } from '@secvisogram/csaf-validator-lib/optionalTests.js';
import { throwsWithCode } from '../../helpers/assert.js';
import { makeView, sampleProgram, sampleViews } from './sample-views.js';
import { csafErrors } from './validate-csaf.js';

const program = sampleProgram();

test('every synthetic view renders a CSAF document with zero schema and mandatory-test errors', async () => {
  for (const view of sampleViews()) {
    const errors = await csafErrors(toCsaf(view, program));
    assert.equal(errors, [], `${view.advisory.id} (${view.topTier})`);
  }
});

test('maps the top tier to the CSAF TLP label: CLEAR->WHITE, AMBER+STRICT->AMBER, others pass through', () => {
  const labels = sampleViews().map((v) => {
    const doc = toCsaf(v, program) as { document: { distribution: { tlp: { label: string }; text: string } } };
    return `${v.topTier}:${doc.document.distribution.tlp.label}:${doc.document.distribution.text}`;
  });
  assert.ok(labels.includes('public:WHITE:TLP:CLEAR'));
  assert.ok(labels.includes('partners:GREEN:TLP:GREEN'));
  assert.ok(labels.includes('details:AMBER:TLP:AMBER'));
  assert.ok(labels.includes('strict:AMBER:TLP:AMBER+STRICT'));
  assert.ok(labels.includes('poc:RED:TLP:RED'));
  assert.is(toCsafTlp('tlp:clear'), 'WHITE');
  throwsWithCode(() => toCsafTlp('PURPLE'), 'CSAF_TLP_INVALID');
});

test('rejects a view whose top tier the program does not know with CSAF_TIER_UNKNOWN', () => {
  const view = { ...makeView({ id: 'ADV-2025-0099' }), topTier: 'nope' };
  throwsWithCode(() => toCsaf(view, program), 'CSAF_TIER_UNKNOWN');
});

test('tracking: version is the revision count, history numbered oldest first, dates from the view', () => {
  const view = sampleViews().find((v) => v.advisory.id === 'ADV-2025-0002')!;
  const { document } = toCsaf(view, program) as { document: { tracking: Record<string, unknown> } };
  assert.is(document.tracking.version, '2');
  assert.is(document.tracking.status, 'final');
  assert.is(document.tracking.initial_release_date, '2025-08-01T12:00:00Z');
  assert.is(document.tracking.current_release_date, '2025-08-05T09:30:00Z');
  assert.equal(
    (document.tracking.revision_history as { number: string }[]).map((r) => r.number),
    ['1', '2'],
  );
});

test('an advisory without revisions gets one initial-release entry (schema needs one)', () => {
  const view = makeView({ id: 'ADV-2025-0098', revisions: [] });
  const { document } = toCsaf(view, program) as { document: { tracking: { version: string; revision_history: unknown[] } } };
  assert.is(document.tracking.version, '1');
  assert.is(document.tracking.revision_history.length, 1);
});

test('product tree and status: ranges as product_version_range, fixes as product_version, vendor_fix per fixed product', () => {
  const view = sampleViews().find((v) => v.advisory.id === 'ADV-2025-0002')!;
  const doc = toCsaf(view, program) as {
    product_tree: { branches: { branches: { name: string; branches: { category: string; name: string }[] }[] }[] };
    vulnerabilities: { cve: string; product_status: Record<string, string[]>; remediations: { category: string; product_ids: string[] }[] }[];
  };
  const gateway = doc.product_tree.branches[0]!.branches.find((b) => b.name === 'Example Gateway')!;
  assert.equal(
    gateway.branches.map((b) => `${b.category}=${b.name}`),
    ['product_version_range=< 2.8.1', 'product_version=2.8.1', 'product_version=2.7.9', 'product_version=3.0.0', 'product_version=3.0.1'],
  );
  assert.equal(doc.vulnerabilities.map((v) => v.cve), ['CVE-2025-10002', 'CVE-2025-10003']);
  const first = doc.vulnerabilities[0]!;
  assert.is(first.product_status.known_affected!.length, 3);
  assert.is(first.product_status.fixed!.length, 3);
  assert.equal(first.remediations.map((r) => r.category), ['vendor_fix', 'vendor_fix', 'none_available']);
});

test('a withdrawn advisory stays final with a Withdrawn note (CSAF 2.0 has no withdrawn status)', () => {
  const view = sampleViews().find((v) => v.status === 'withdrawn')!;
  const { document } = toCsaf(view, program) as { document: { tracking: { status: string }; notes: { title: string; text: string }[] } };
  assert.is(document.tracking.status, 'final');
  assert.is(document.notes[0]!.title, 'Withdrawn');
  assert.match(document.notes[0]!.text, /duplicate of ADV-2025-0001/);
});

test('only a TLP:WHITE document names its public URL as a self reference', () => {
  const refs = (topTier: string): string[] => {
    const doc = toCsaf(makeView({ id: 'ADV-2025-0001' }, { topTier }), program) as { document: { references: { category: string; url: string }[] } };
    return doc.document.references.filter((r) => r.category === 'self').map((r) => r.url);
  };
  assert.equal(refs('public'), ['https://security.example.com/.well-known/csaf/white/2025/adv-2025-0001.json']);
  assert.equal(refs('details'), []);
});

test('notes follow the Markdown sections and skip headings inside code fences', () => {
  const view = makeView({ id: 'ADV-2025-0097' }, { markdown: 'Intro.\n\n## Impact\n\nBad.\n\n```\n## not a heading\n```\n\n## Fix\n\nUpdate.' });
  const { document } = toCsaf(view, program) as { document: { notes: { category: string; title: string }[] } };
  assert.equal(document.notes.map((n) => `${n.category}:${n.title}`), ['summary:Summary', 'details:Details', 'details:Impact', 'details:Fix']);
});

test('keys are sorted alphabetically (optional test 6.2.13)', async () => {
  const unsorted = await validateStrict([optionalTest_6_2_13], { document: { title: 'x', category: 'y' } });
  assert.is(unsorted.tests[0]?.warnings.length, 1, 'the check itself sees unsorted keys');
  for (const view of sampleViews()) {
    const result = await validateStrict([optionalTest_6_2_13], toCsaf(view, program));
    // Optional tests report through warnings and leave isValid true.
    assert.equal(result.tests[0]?.warnings, [], view.advisory.id);
  }
});

test('is deterministic: the same view gives the same document', () => {
  const view = sampleViews()[1]!;
  assert.is(JSON.stringify(toCsaf(view, program)), JSON.stringify(toCsaf(view, program)));
});

test('csafFilename follows CSAF 2.0 §5.1', () => {
  assert.is(csafFilename('ADV-2025-0042'), 'adv-2025-0042.json');
  assert.is(csafFilename('Example Company - 2019-YH3234'), 'example_company_-_2019-yh3234.json');
  assert.is(csafFilename('RHBA-2019:0024'), 'rhba-2019_0024.json');
});

test.run();
