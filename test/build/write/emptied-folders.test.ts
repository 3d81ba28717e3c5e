/** write.ts emptiedFolders: which folders a build tries to remove after removing public files. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { emptiedFolders } from '../../../scripts/build/write.js';

test('the folders of removed public files, deepest first, never --out itself or anything under groups/', () => {
  assert.equal(emptiedFolders([
    'advisories/adv-2025-0003/index.html', 'advisories/adv-2025-0003/index.html.asc',
    '.well-known/csaf/white/2025/adv-2025-0003.json', 'feed.json',
    'groups/partners/items/aa.pgp', 'page/3/index.html',
  ]), ['.well-known/csaf/white/2025', '.well-known/csaf/white', '.well-known/csaf', 'advisories/adv-2025-0003', 'page/3', '.well-known', 'advisories', 'page']);
  assert.equal(emptiedFolders(['feed.json', 'groups/a/index.pgp']), []);
});

test.run();
