/**
 * The file-system calls the write stage makes, behind an interface so a test can make one fail
 * mid-way (test/build/failure.test.ts) and check the rollback. Production uses node:fs/promises.
 */
import { link, mkdir, rename, rm, writeFile } from 'node:fs/promises';

export interface WriteFs {
  writeFile(path: string, data: Uint8Array): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  /** Removes a file, or a folder with everything in it; no error when it is gone already. */
  remove(path: string): Promise<void>;
  /** Creates a folder and its parents; returns the first folder it created, if any. */
  mkdir(path: string): Promise<string | undefined>;
  /** A second name for an existing file (a hard link): keeps the old file, bytes and mtime, for undo. */
  link(existing: string, alias: string): Promise<void>;
}

export const nodeFs: WriteFs = {
  writeFile: (path, data) => writeFile(path, data, { flag: 'wx' }),
  rename,
  remove: (path) => rm(path, { recursive: true, force: true }),
  mkdir: (path) => mkdir(path, { recursive: true }),
  link,
};
