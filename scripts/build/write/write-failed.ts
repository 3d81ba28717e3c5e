/** BUILD_WRITE_FAILED after a rollback, for the seal stage (new items) and the write stage. */
import { SealedFileWriteError } from '../../feed/openpgp.js';
import { buildError } from '../errors.js';

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

/** `failed`: the undo steps that failed too (Journal.rollback). */
export function writeFailed(cause: unknown, failed: unknown[], out: string) {
  return buildError('BUILD_WRITE_FAILED', `Expected to write the output, got ${(cause as NodeJS.ErrnoException).code ?? 'an error'}${failed.length > 0 ? ` (and ${failed.length} undo steps failed)` : ''}`, {
    path: out,
    cause,
    hint: failed.length > 0
      ? 'The rollback was incomplete: restore --out from the last deployment before publishing.'
      : 'Nothing was changed in --out; fix the cause (disk space, permissions) and build again.',
  });
}
