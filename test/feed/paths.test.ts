import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { checkRelativePath, groupIndexPath, groupItemPath, itemPath, PUBLISHER_KEY_PATH, safeJoin } from '../../scripts/feed/paths.js';
import { throwsWithCode } from '../helpers/assert.js';

const hash = 'a'.repeat(64);

test('names the feed files of the layout', () => {
  assert.is(PUBLISHER_KEY_PATH, 'publisher.asc');
  assert.is(groupIndexPath('early-warning'), 'groups/early-warning/index.pgp');
  assert.is(itemPath(hash), `items/${hash}.pgp`);
  assert.is(groupItemPath('poc', hash), `groups/poc/items/${hash}.pgp`);
});

test('rejects bad group ids and hashes with PATH_UNSAFE', () => {
  for (const group of ['', '../x', 'A', 'a/b', '-a', 'a'.repeat(65)]) throwsWithCode(() => groupIndexPath(group), 'PATH_UNSAFE');
  throwsWithCode(() => itemPath('A'.repeat(64)), 'PATH_UNSAFE');
  throwsWithCode(() => itemPath('../../etc/passwd'), 'PATH_UNSAFE');
});

test('accepts plain relative paths', () => {
  assert.is(checkRelativePath(`items/${hash}.pgp`), `items/${hash}.pgp`);
  assert.is(safeJoin('/srv/mirror', 'a/b.json'), join('/srv/mirror', 'a', 'b.json'));
});

test('rejects traversal, absolute paths, NUL, backslashes, schemes and empty segments with PATH_UNSAFE', () => {
  for (const bad of ['', '..', '../x', 'a/../../x', './a', 'a//b', 'a/', '/etc/passwd', 'a\0b', 'a\\..\\b', 'C:/x', 'c:x', 'http://evil/x', 'file:///etc']) {
    throwsWithCode(() => checkRelativePath(bad), 'PATH_UNSAFE');
    throwsWithCode(() => safeJoin('/srv/mirror', bad), 'PATH_UNSAFE');
  }
});

test.run();
