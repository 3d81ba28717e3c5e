/**
 * scripts/build/seal/will-seal.ts: which groups get their recipient header made ahead. A group
 * whose views, recipients and index all stay as they were will seal nothing; any change says yes.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { willSeal } from '../../../scripts/build/seal/will-seal.js';
import type { GroupState, ItemState } from '../../../scripts/build/state/build-state.js';
import type { AdvisoryView } from '../../../scripts/build/view.js';

const will = suite('build: willSeal');

const NOW = new Date('2026-11-28T12:00:00Z');
const DAY = 86400;
const view = (id: string, viewHash: string) => ({ advisory: { id }, viewHash }) as unknown as AdvisoryView;
const item = (viewHash: string): ItemState => ({ plaintext: 'p', sha256: 's', size: 1, view: viewHash });
const previous: GroupState = {
  sequence: 4, generated: '2026-11-27T12:00:00.000Z', expires: '2026-12-04T12:00:00.000Z', contentHash: 'c', indexSha256: 'i', recipientsId: 'r',
  items: { 'ADV-1': item('v1'), 'ADV-2': item('v2') },
};
const views = [view('ADV-1', 'v1'), view('ADV-2', 'v2')];
const input = { views, previous, recipientsId: 'r', now: NOW, expiresAfter: 7 * DAY };

will('a group whose views, recipients and index stay as they were seals nothing', () => {
  assert.is(willSeal(input), false);
});

will('seals after any change: a view, a new or departed advisory, the recipients, no history, an index due', () => {
  assert.ok(willSeal({ ...input, views: [view('ADV-1', 'v1'), view('ADV-2', 'v2b')] }), 'a changed view');
  assert.ok(willSeal({ ...input, views: [...views, view('ADV-3', 'v3')] }), 'a new advisory');
  assert.ok(willSeal({ ...input, views: [view('ADV-1', 'v1')] }), 'an advisory left the group');
  assert.ok(willSeal({ ...input, views: [view('ADV-1', 'v1'), view('ADV-3', 'v2')] }), 'another advisory in its place');
  assert.ok(willSeal({ ...input, recipientsId: 'r2' }), 'another recipient set');
  assert.ok(willSeal({ ...input, previous: undefined }), 'a group without history');
  // Less than half of the 7 days left (nextIndex re-issues then): 3.5 days before expiry.
  assert.ok(willSeal({ ...input, now: new Date(Date.parse(previous.expires) - 3.5 * DAY * 1000) }), 'an index due');
  assert.not.ok(willSeal({ ...input, now: new Date(Date.parse(previous.expires) - 3.5 * DAY * 1000 - 1) }), 'an index not yet due');
});

will.run();
