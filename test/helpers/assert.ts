/** Assertions shared by the suites. */
import * as assert from 'uvu/assert';
import { FeedError } from '../../scripts/feed/errors.js';

/** Awaits `promise` and asserts it rejects with a FeedError of `code`; returns the error. */
export async function rejectsWithCode(promise: Promise<unknown>, code: string): Promise<FeedError> {
  try {
    await promise;
  } catch (error) {
    if (!(error instanceof FeedError)) {
      assert.unreachable(`expected FeedError ${code}, got ${error instanceof Error ? error.stack : String(error)}`);
      throw error;
    }
    assert.is(error.code, code, `expected code ${code}, got ${error.code}: ${error.message}`);
    return error;
  }
  assert.unreachable(`expected a rejection with ${code}, but it resolved`);
  throw new Error('unreachable');
}

/** Synchronous twin of rejectsWithCode. */
export function throwsWithCode(fn: () => unknown, code: string): FeedError {
  try {
    fn();
  } catch (error) {
    if (!(error instanceof FeedError)) {
      assert.unreachable(`expected FeedError ${code}, got ${String(error)}`);
      throw error;
    }
    assert.is(error.code, code, `expected code ${code}, got ${error.code}: ${error.message}`);
    return error;
  }
  assert.unreachable(`expected a throw with ${code}`);
  throw new Error('unreachable');
}
