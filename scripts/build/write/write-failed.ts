/** BUILD_WRITE_FAILED after a rollback, for the seal stage (new items) and the write stage. */
import { SealedFileWriteError } from '../../feed/openpgp.js';
import type { BuildContext } from '../context.js';
import { buildError } from '../errors.js';
import type { Journal } from './journal.js';
import { lockLostIn } from './state-guard.js';

/** Marks a file-system failure of the journal, so it is reported as BUILD_WRITE_FAILED. */
export class WriteStepError extends Error {
  constructor(override readonly cause: unknown) {
    super('write failed', { cause });
  }
}

/**
 * A seal worker's failed write (SealedFileWriteError) as the build's own write would have thrown
 * it, so it is reported as BUILD_WRITE_FAILED; any other error as it is.
 */
export function fromWorkerWrite(error: unknown): unknown {
  if (!(error instanceof SealedFileWriteError)) return error;
  return new WriteStepError(Object.assign(new Error(error.message), { code: error.code, path: error.path }));
}

/** What to do when undoing a failed build's writes failed too (the touched log keeps its files). */
const INCOMPLETE_HINT = 'The rollback was incomplete: do not publish --out; the next build writes again every public file this one touched (.build-touched), or restore --out from the last deployment.';

/** `failed`: the undo steps that failed too (Journal.rollback). */
export function writeFailed(cause: unknown, failed: unknown[], out: string) {
  return buildError('BUILD_WRITE_FAILED', `Expected to write the output, got ${(cause as NodeJS.ErrnoException).code ?? 'an error'}${failed.length > 0 ? ` (and ${failed.length} undo steps failed)` : ''}`, {
    path: out,
    cause,
    hint: failed.length > 0 ? INCOMPLETE_HINT : 'Nothing was changed in --out; fix the cause (disk space, permissions) and build again.',
  });
}

/**
 * A build that failed for another reason (an index too large, a render, a worker) after it had
 * written files, and whose undo failed too: said, with the failure that started it as the cause.
 */
export function rollbackIncomplete(cause: unknown, failed: unknown[], out: string) {
  const code = (cause as { code?: unknown }).code;
  return buildError('BUILD_ROLLBACK_INCOMPLETE', `Expected to undo the build's writes after ${typeof code === 'string' ? code : 'its failure'}, got ${failed.length} undo steps failing`, {
    path: out,
    cause,
    hint: INCOMPLETE_HINT,
  });
}

/**
 * What the seal and write stages do when a step failed: a BUILD_LOCK_LOST is thrown as it is
 * (another build's output now: nothing is undone); otherwise every write is undone, and, when all
 * of it was, the touched log as well (--out byte-identical). Returns the undo steps that failed.
 */
export async function undoAfter(cause: unknown, journal: Journal, ctx: Pick<BuildContext, 'written' | 'touched'>): Promise<unknown[]> {
  const lost = lockLostIn(cause);
  if (lost !== undefined) throw lost;
  const failed = await journal.rollback();
  ctx.written.length = 0;
  // Otherwise the touched log keeps naming the files left changed, for the next build to write again.
  if (failed.length === 0) ctx.touched?.undo();
  return failed;
}
