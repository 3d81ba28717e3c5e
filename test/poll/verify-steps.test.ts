/** The small verification steps on their own (scripts/poll/verify-*.ts, feed-location.ts, render-markdown.mjs). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FORMAT_VERSION, type GroupIndex, type IndexEntry, type ItemDocument } from '../../scripts/feed/format.js';
import { locateFeed } from '../../scripts/poll/feed-location.js';
import { STATE_FORMAT, type PollState } from '../../scripts/poll/state.js';
import { describeAge, verifyExpiry } from '../../scripts/poll/verify-expiry.js';
import { verifyGroup } from '../../scripts/poll/verify-group.js';
import { verifyItemEntry } from '../../scripts/poll/verify-item-entry.js';
import { sequenceFloor, verifySequence } from '../../scripts/poll/verify-sequence.js';
import { throwsWithCode } from '../helpers/assert.js';

const HASH_A = 'a'.repeat(64);
const HASH_B = 'b'.repeat(64);
const index = (sequence: number): GroupIndex => ({
  format: FORMAT_VERSION, group: 'acme', sequence, generated: '2026-01-01T00:00:00Z', expires: '2026-01-08T00:00:00Z',
  publisher: 'F'.repeat(40), items: [],
});
const state = (sequence: number, indexSha256: string): PollState => ({
  format: STATE_FORMAT, feed: 'https://x/groups/acme/', group: 'acme', publisher: 'F'.repeat(40), sequence, indexSha256,
  generated: '2026-01-01T00:00:00Z', expires: '2026-01-08T00:00:00Z', accepted: '2026-01-01T00:00:00Z', items: {},
});

test('verifySequence: accepts any sequence on first use, higher ones, and the same index again', () => {
  assert.is(verifySequence(index(0), HASH_A, undefined).sequence, 0);
  assert.is(verifySequence(index(6), HASH_B, state(5, HASH_A)).sequence, 6);
  assert.is(verifySequence(index(5), HASH_A, state(5, HASH_A)).sequence, 5);
});

test('verifySequence: rejects a lower sequence and the same sequence with other bytes with ROLLBACK', () => {
  throwsWithCode(() => verifySequence(index(4), HASH_A, state(5, HASH_A)), 'ROLLBACK');
  throwsWithCode(() => verifySequence(index(5), HASH_B, state(5, HASH_A)), 'ROLLBACK');
});

test('sequenceFloor: the higher of the state and the mirror\'s own index, the state on a tie or alone', () => {
  const mirrored = { sequence: 6, indexSha256: HASH_B };
  assert.equal(sequenceFloor(state(5, HASH_A), mirrored), mirrored);
  assert.equal(sequenceFloor(undefined, mirrored), mirrored);
  assert.is(sequenceFloor(state(5, HASH_A), { sequence: 5, indexSha256: HASH_B })?.indexSha256, HASH_A);
  assert.is(sequenceFloor(state(7, HASH_A), mirrored)?.sequence, 7);
  assert.is(sequenceFloor(state(5, HASH_A), undefined)?.sequence, 5);
  assert.is(sequenceFloor(undefined, undefined), undefined);
  throwsWithCode(() => verifySequence(index(5), HASH_A, sequenceFloor(state(5, HASH_A), mirrored)), 'ROLLBACK');
});

test('verifyExpiry: accepts before expires, rejects at and after it with FROZEN and the age', () => {
  verifyExpiry(index(1), new Date('2026-01-07T23:59:59Z'));
  throwsWithCode(() => verifyExpiry(index(1), new Date('2026-01-08T00:00:00Z')), 'FROZEN');
  const error = throwsWithCode(() => verifyExpiry(index(1), new Date('2026-01-10T02:30:00Z')), 'FROZEN');
  assert.match(error.message, /2 days 2 hours ago/);
  assert.is(describeAge(90 * 60_000), '1 hour 30 minutes');
  assert.is(describeAge(60_000), '1 minute');
});

test('verifyGroup: rejects another group with GROUP_MISMATCH', () => {
  verifyGroup(index(1), 'acme');
  throwsWithCode(() => verifyGroup(index(1), 'bolt'), 'GROUP_MISMATCH');
});

test('verifyItemEntry: id, revision, modified and status must match the entry (ITEM_MISMATCH)', () => {
  const entry: IndexEntry = { id: 'ADV-2026-0001', revision: 2, modified: '2026-01-01T00:00:00Z', status: 'published', path: `items/${HASH_A}.pgp`, size: 10, sha256: HASH_A };
  const item: ItemDocument = { format: FORMAT_VERSION, id: 'ADV-2026-0001', revision: 2, modified: '2026-01-01T00:00:00Z', status: 'published', advisory: {}, markdown: '', html: '' };
  verifyItemEntry(entry, item);
  throwsWithCode(() => verifyItemEntry(entry, { ...item, id: 'ADV-2026-0002' }), 'ITEM_MISMATCH');
  throwsWithCode(() => verifyItemEntry(entry, { ...item, revision: 1 }), 'ITEM_MISMATCH');
  throwsWithCode(() => verifyItemEntry(entry, { ...item, status: 'withdrawn' }), 'ITEM_MISMATCH');
  throwsWithCode(() => verifyItemEntry(entry, { ...item, modified: '2026-01-02T00:00:00Z' }), 'ITEM_MISMATCH');
});

test('locateFeed: the group folder or its index, URL or path; the group from the last folder', () => {
  const a = locateFeed('https://feeds.example.com/groups/acme', undefined, '/');
  assert.equal([a.base.href, a.index.href, a.group], ['https://feeds.example.com/groups/acme/', 'https://feeds.example.com/groups/acme/index.pgp', 'acme']);
  const b = locateFeed('https://feeds.example.com/groups/acme/index.pgp?x=1', undefined, '/');
  assert.equal([b.base.href, b.group], ['https://feeds.example.com/groups/acme/', 'acme']);
  const c = locateFeed('copy/groups/acme/', undefined, '/media/usb');
  assert.equal([c.index.href, c.group], ['file:///media/usb/copy/groups/acme/index.pgp', 'acme']);
  assert.is(locateFeed('https://cdn.example.com/feed-7f3a/', 'acme', '/').group, 'acme');
});

test('locateFeed: refuses other schemes, bad group ids and underivable groups', () => {
  assert.throws(() => locateFeed('ftp://example.com/groups/acme/', undefined, '/'), /http/);
  assert.throws(() => locateFeed('https://example.com/groups/Acme_1/', undefined, '/'), /--group/);
  assert.throws(() => locateFeed('https://example.com/', undefined, '/'), /--group/);
  assert.throws(() => locateFeed('https://example.com/groups/acme/', '../etc', '/'), /--group/);
});

test.run();
