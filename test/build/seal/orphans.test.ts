/**
 * scripts/build/seal/orphans.ts and list-output.ts's splitListing: which files of --out the new
 * output no longer names, item files compared by hash group by group, every other file by path.
 * Group files wait for the grace period, public and temp files outside groups/ go at once, files
 * that are not ours stay.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { splitListing } from '../../../scripts/build/list-output.js';
import { liveOutput, planOrphans } from '../../../scripts/build/seal/orphans.js';
import { STATE_FORMAT, type BuildState, type GroupState } from '../../../scripts/build/state/build-state.js';

const orphans = suite('build: orphans');

const sha = (c: string) => c.repeat(64);
const item = (c: string) => `items/${sha(c)}.pgp`;
const NOW = new Date('2026-11-28T12:00:00Z');
const HOUR = 3600;

const listing = [
  '.state.pgp',
  'index.html', 'index.html.asc', 'old.html', 'old.html.asc', 'mine.txt', 'page/2/index.html.tmp-99-ab',
  'groups/a/index.pgp', `groups/a/${item('1')}`, `groups/a/${item('2')}`, `groups/a/${item('3')}`,
  `groups/gone/index.pgp`, `groups/gone/${item('4')}`,
  `groups/Not_A_Group/${item('5')}`,
  'groups/a/items/notes.txt', `groups/a/${item('6')}.tmp-1234`, `groups/a/items/nested/${item('7')}`,
];

orphans('splitListing: each group\'s item files by hash, every other file by path', () => {
  const { itemFiles, otherFiles } = splitListing(listing);
  assert.equal([...itemFiles.keys()].sort(), ['a', 'gone']);
  assert.equal([...(itemFiles.get('a') ?? [])].sort(), [sha('1'), sha('2'), sha('3')]);
  assert.equal([...(itemFiles.get('gone') ?? [])], [sha('4')]);
  assert.equal([...otherFiles].sort(), listing.filter((f) => !/^groups\/(a|gone)\/items\/[0-9a-f]{64}\.pgp$/.test(f)).sort());
});

orphans('the output no longer names: dropped items, a removed group, strays under groups/; public files at once, group files after the grace period', () => {
  const group = (items: string[]): GroupState => ({
    sequence: 2, generated: 'g', expires: 'e', contentHash: 'c', indexSha256: 'i', recipientsId: 'r',
    items: Object.fromEntries(items.map((c, i) => [`ADV-2026-000${i}`, { plaintext: 'p', sha256: sha(c), size: 1 }])),
  });
  const previous: BuildState = {
    format: STATE_FORMAT, publisher: 'P', groups: {}, orphans: { [`groups/a/${item('3')}`]: '2026-11-28T00:00:00.000Z' },
    public: { 'index.html': sha('e'), 'old.html': sha('f') },
  };
  const live = liveOutput([{ group: 'a', state: group(['1']) }], ['index.html', 'index.html.asc']);
  const plan = planOrphans({ previous, live, listed: splitListing(listing), now: NOW, graceAfter: 6 * HOUR });

  assert.equal(plan.remove, [
    // Orphaned since 12 hours, past the 6 hours of grace.
    `groups/a/${item('3')}`,
    'old.html', 'old.html.asc',
    // A temp file outside groups/ (a killed build's): no reader asks for it, and it may hold a page.
    'page/2/index.html.tmp-99-ab',
  ]);
  const since = NOW.toISOString();
  assert.equal(plan.keep, {
    [`groups/Not_A_Group/${item('5')}`]: since,
    [`groups/a/${item('2')}`]: since,
    [`groups/a/${item('6')}.tmp-1234`]: since,
    [`groups/a/items/nested/${item('7')}`]: since,
    'groups/a/items/notes.txt': since,
    'groups/gone/index.pgp': since,
    [`groups/gone/${item('4')}`]: since,
  });
  // Never touched: live files, and files that are not ours (mine.txt, never published).
  for (const file of ['.state.pgp', 'index.html', 'index.html.asc', 'groups/a/index.pgp', `groups/a/${item('1')}`, 'mine.txt']) {
    assert.not.ok(plan.remove.includes(file) || Object.hasOwn(plan.keep, file), file);
  }
});

orphans('a group whose published index is not the recorded one: its orphans\' grace period starts again', () => {
  const previous: BuildState = {
    format: STATE_FORMAT, publisher: 'P', groups: {}, public: {},
    orphans: { [`groups/a/${item('3')}`]: '2026-11-28T00:00:00.000Z', [`groups/gone/${item('4')}`]: '2026-11-28T00:00:00.000Z' },
  };
  const live = liveOutput([{ group: 'a', state: { sequence: 2, generated: 'g', expires: 'e', contentHash: 'c', indexSha256: 'i', recipientsId: 'r', items: {} } }], []);
  const plan = planOrphans({ previous, live, listed: splitListing(listing), now: NOW, graceAfter: 6 * HOUR, restartGrace: new Set(['a']) });
  // Orphaned 12 hours ago by a state whose index never reached the disk: the published index may
  // still name it, so it waits a full grace period from now; another group's orphan does not.
  assert.is(plan.keep[`groups/a/${item('3')}`], NOW.toISOString());
  assert.ok(plan.remove.includes(`groups/gone/${item('4')}`));
});

orphans.run();
