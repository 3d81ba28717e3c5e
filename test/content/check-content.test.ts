import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { checkContent, ContentInvalidError } from '../../scripts/content/index.js';
import { rejectsWithCode } from '../helpers/assert.js';
import { NOW, fixtureRoot } from './fixture-root.js';

test('returns the content when it is valid', async () => {
  const root = await fixtureRoot();
  try {
    const content = await checkContent(root.root, { now: NOW });
    assert.equal(content.program.tiers.map((t) => t.name), ['public', 'partner', 'poc']);
    assert.is(content.program.feed.expiresAfter, 7 * 86_400);
    assert.equal(content.partners.map((p) => [p.id, p.keys[0]?.usable]), [['alpha', true], ['beta', true]]);
  } finally {
    await root.remove();
  }
});

test('throws ContentInvalidError with the first problem\'s code and all problems', async () => {
  const root = await fixtureRoot('date-order-release');
  try {
    const error = await rejectsWithCode(checkContent(root.root, { now: NOW }), 'DATE_ORDER');
    assert.instance(error, ContentInvalidError);
    assert.is(error.path, 'advisories/ADV-2025-0001.md');
    assert.is((error as ContentInvalidError).problems.length, 1);
  } finally {
    await root.remove();
  }
});

test.run();
