/**
 * Verified items wait on disk, not in memory, until every item of the run passed (feed-format
 * §8.12: nothing reaches the mirror before that). They wait as the final mirror files, in a
 * hidden folder inside --out (same file system): the mirror write is then one rename per file,
 * not a read and a rewrite. Their data is made durable all at once before the first rename
 * (atomic-write.ts syncData). The folder is private to the run (under the state lock, mode
 * 0700) and removed when the run ends, whatever the outcome; a killed run's leftover is removed
 * by the next run. Memory stays at a few items however large the first sync.
 *
 * A first sync moves the whole folder instead: when the mirror's folder is empty, the staging
 * folder, holding exactly the run's items, is renamed over it (one rename for ~20,000 files).
 *
 * Files are written with synchronous calls: each is a few tens of microseconds, and a promise
 * per open/write/close costs a thread-pool round trip each (~3x the CPU, measured on a 2-core VM).
 */
import { renameSync, writeFileSync } from 'node:fs';
import { chmod, mkdir, readdir, rename, rm, rmdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { safeJoin } from '../feed/paths.js';
import { syncData } from './atomic-write.js';
import { pollError } from './errors.js';

export const STAGING_DIR = '.staging';
/** The two mirror files of an advisory (mirror.ts). */
export const EXTENSIONS = ['.json', '.md'] as const;

/** The two mirror files of one advisory, as they will be written. */
export interface StagedFiles {
  /** The item's plaintext, exactly as signed. */
  json: Uint8Array;
  md: string;
}

export interface StagedPaths {
  json: string;
  md: string;
}

export interface Staging {
  /** Writes the mirror files of a verified item, ready to be renamed into place. */
  put(id: string, files: StagedFiles): Promise<void>;
  /** Where the files of `id` are staged, for a worker thread that writes them itself (item-worker.mjs). */
  pathsOf(id: string): StagedPaths;
  /** Records the files of `id` as staged once a worker wrote them. */
  adopt(id: string): void;
  /** Makes the data of every staged file durable; call before the first moveInto. */
  flush(): Promise<void>;
  /**
   * Puts the staged files of `ids` (every item staged) into `folder`, an existing folder on the
   * same file system (--out): one rename per file or, when `folder` is empty, one rename of the
   * staging folder over it, which then takes `folder`'s mode. The caller syncs `folder` and its
   * parent.
   */
  moveInto(folder: string, ids: readonly string[]): Promise<void>;
  /** Removes the staging folder (and --out, if this run created it and it is still empty). */
  dispose(): Promise<void>;
}

export async function openStaging(outDir: string): Promise<Staging> {
  const dir = join(outDir, STAGING_DIR);
  const path = (id: string, ext: string) => safeJoin(dir, `${id}${ext}`);
  let createdOut = false;
  const staged: string[] = [];
  try {
    createdOut = !(await exists(outDir));
    await rm(dir, { recursive: true, force: true }); // a killed run's leftover
    await mkdir(dir, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw writeFailed(dir, error);
  }
  const adopt = (id: string) => {
    staged.push(path(id, '.json'), path(id, '.md'));
  };
  return {
    async put(id, files) {
      try {
        writeFileSync(path(id, '.json'), files.json, { mode: 0o600 });
        writeFileSync(path(id, '.md'), files.md, { mode: 0o600 });
      } catch (error) {
        throw writeFailed(dir, error);
      }
      adopt(id);
    },
    pathsOf: (id) => ({ json: path(id, '.json'), md: path(id, '.md') }),
    adopt,
    async flush() {
      if (staged.length > 0) await syncData(dir, staged);
    },
    async moveInto(folder, ids) {
      if (staged.length === ids.length * EXTENSIONS.length && (await readdir(folder)).length === 0) {
        try {
          await chmod(dir, (await stat(folder)).mode & 0o7777);
          await rename(dir, folder); // replaces an empty folder (POSIX rename(2))
          return;
        } catch {
          await chmod(dir, 0o700).catch(() => undefined); // e.g. Windows: one file at a time
        }
      }
      for (const id of ids) {
        for (const ext of EXTENSIONS) renameSync(path(id, ext), safeJoin(folder, `${id}${ext}`));
      }
    },
    async dispose() {
      await rm(dir, { recursive: true, force: true });
      if (createdOut) await rmdir(outDir).catch(() => undefined); // only if still empty
    },
  };
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(() => true, () => false);
}

function writeFailed(dir: string, error: unknown) {
  return pollError('MIRROR_WRITE_FAILED', `Expected to stage verified items in ${dir}, got ${(error as Error).message}.`, {
    cause: error,
    hint: 'Check free space and permissions of --out; nothing was written to the mirror.',
  });
}
