/** The state guard: another build's state file, or a lock reported lost, stops this build's writes. */
import { copyFile, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { lockLostIn, StateGuard } from '../../../scripts/build/write/state-guard.js';
import { throwsWithCode } from '../../helpers/assert.js';

async function out(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'advisory-feed-guard-'));
  await writeFile(path.join(dir, '.state.pgp'), 'state of build 1');
  return dir;
}

test('passes while the state files are as found; another state put in place stops it with BUILD_LOCK_LOST', async () => {
  const dir = await out();
  const guard = new StateGuard(dir);
  guard.check();
  await copyFile(path.join(dir, '.state.pgp'), path.join(dir, 'other'));
  await rename(path.join(dir, 'other'), path.join(dir, '.state.pgp')); // same bytes, another file: another build's
  const error = throwsWithCode(() => guard.check(), 'BUILD_LOCK_LOST');
  assert.match(error.message, /\.state\.pgp/);
  await rm(dir, { recursive: true });
});

test('a changes file that appears, or a state that goes, is another build too', async () => {
  const dir = await out();
  const guard = new StateGuard(dir);
  await writeFile(path.join(dir, '.state-changes.pgp'), 'changes');
  throwsWithCode(() => guard.check(), 'BUILD_LOCK_LOST');
  const second = new StateGuard(dir);
  await rm(path.join(dir, '.state.pgp'));
  throwsWithCode(() => second.check(), 'BUILD_LOCK_LOST');
  await rm(dir, { recursive: true });
});

test('the build\'s own writes move what is expected; a lock reported lost stops it', async () => {
  const dir = await out();
  let lost = false;
  const guard = new StateGuard(dir, () => lost);
  await writeFile(path.join(dir, '.state.pgp'), 'state of build 2');
  guard.wrote('.state.pgp');
  guard.check();
  lost = true;
  const error = throwsWithCode(() => guard.check(), 'BUILD_LOCK_LOST');
  assert.match(error.message, /taken over/);
  assert.is(lockLostIn(new Error('write failed', { cause: error })), error, 'found as the cause of a write step');
  assert.is(lockLostIn(new Error('other')), undefined);
  await rm(dir, { recursive: true });
});

test.run();
