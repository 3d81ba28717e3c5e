/**
 * Throwaway content roots for the content tests: a copy of test/fixtures/content/valid/ with one
 * bad case's files laid over it (test/fixtures/content/bad/<case>/), plus key files from the
 * key pool (test/fixtures/content/keys/) copied into partners/keys/.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as assert from 'uvu/assert';
import type { LoadTally } from '../../scripts/content/load-tally.js';

export const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/content');
/** The time every content test checks keys against (the sample keys have no expiry). */
export const NOW = new Date('2026-11-28T09:00:00Z');

export interface FixtureRoot {
  root: string;
  remove(): Promise<void>;
}

export async function fixtureRoot(badCase?: string, keys: string[] = []): Promise<FixtureRoot> {
  const root = await mkdtemp(path.join(tmpdir(), 'advisory-feed-content-'));
  await cp(path.join(FIXTURES, 'valid'), root, { recursive: true });
  if (badCase !== undefined) await cp(path.join(FIXTURES, 'bad', badCase), root, { recursive: true });
  for (const key of keys) await cp(path.join(FIXTURES, 'keys', key), path.join(root, 'partners/keys', key));
  return { root, remove: () => rm(root, { recursive: true, force: true }) };
}

/**
 * A load's tally with the files it took from the cache unread (scripts/content/stat-keys.ts)
 * counted as read and recognised: whether a file is old enough for that when a test's rebuild
 * runs depends on the machine's speed. Checks they were cached, and recognised in the loading
 * thread (no read-ahead worker), so that `keyOnly` holds them alone.
 */
export function countingUnreadAsRead(tally: LoadTally): LoadTally {
  assert.ok(tally.unread <= tally.cached && tally.keyOnly === tally.unread, JSON.stringify(tally));
  return { ...tally, keyOnly: 0, unread: 0 };
}
