/**
 * Crash-safe file replacement: write a temporary file beside the target, fsync it, rename it over
 * the target, fsync the folder. A reader (or the next run after a crash) sees the old file or the
 * new one, never half of one. Writing the same bytes twice is harmless (idempotent mirror writes).
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import { dirname, join, basename } from 'node:path';

/**
 * `syncFolder: false` leaves the folder's fsync to the caller, who renames many files into one
 * folder and syncs it once after the last (each file's own data is still synced before its rename).
 */
export async function writeFileAtomic(path: string, data: Uint8Array | string, options: { syncFolder?: boolean } = {}): Promise<void> {
  const folder = dirname(path);
  await mkdir(folder, { recursive: true });
  const temp = join(folder, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const handle = await open(temp, 'w', 0o600);
  try {
    await handle.writeFile(data);
    await handle.datasync(); // the bytes and the size; timestamps need not be durable first
  } catch (error) {
    await handle.close();
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  try {
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  if (options.syncFolder !== false) await syncFolder(folder);
}

/** Temporary files of writeFileAtomic: `.<name>.<pid>.<8 hex>.tmp`. */
const TEMP_FILE = /^\..+\.\d+\.[0-9a-f]{8}\.tmp$/;

/** Removes temporary files a killed run left in `folder` (not recursive); a missing folder is fine. */
export async function sweepTempFiles(folder: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    return;
  }
  await Promise.all(names.filter((n) => TEMP_FILE.test(n)).map((n) => rm(join(folder, n), { force: true })));
}

/** Makes a rename durable; not every platform lets a folder be opened, so failures are ignored. */
export async function syncFolder(folder: string): Promise<void> {
  try {
    const handle = await open(folder, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // best effort (e.g. Windows)
  }
}

/**
 * Up to this many files are fdatasync'ed one by one, on Linux too: a poll that brings a few
 * changed advisories then neither starts a process nor waits for data other programs left
 * unwritten on the same file system, which syncfs flushes as well.
 */
export const SYNC_EACH_UP_TO = 64;

/**
 * Makes the data of `files` (all on the file system of `folder`) durable before they are renamed
 * into place, as writeFileAtomic does for one file. Many files, on Linux: one syncfs(2) of that
 * file system (`sync -f`, coreutils or BusyBox) flushes them all at once: a first sync writes
 * ~20,000 files, and an fdatasync each costs ~0.2-0.3 ms of CPU and a journal commit (~5 s on a
 * 2-core VM), one syncfs ~0.2 s. Otherwise, or should `sync -f` fail, each file is fdatasync'ed.
 */
export async function syncData(folder: string, files: readonly string[], options: { syncfs?: boolean } = {}): Promise<void> {
  const many = files.length > SYNC_EACH_UP_TO;
  if (many && (options.syncfs ?? process.platform === 'linux') && (await syncFileSystem(folder))) return;
  let next = 0;
  const lane = async () => {
    while (next < files.length) {
      const handle = await open(files[next++] as string, 'r+');
      try {
        await handle.datasync();
      } finally {
        await handle.close();
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(8, files.length) }, lane));
}

/** True once syncfs(2) of the file system holding `path` succeeded. */
function syncFileSystem(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    execFile('sync', ['-f', path], { timeout: 0 }, (error) => resolve(error === null));
  });
}
