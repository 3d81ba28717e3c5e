/**
 * Stage `list-output`: starts listing every file under --out and returns at once, so that the
 * listing runs on the thread pool while `load` keeps this thread busy; `read-state` awaits it.
 * At 10,000 advisories the output holds ~144,000 files in ~10,000 folders (one per public
 * advisory page), and listing them one folder at a time (readdir's `recursive` option) took
 * 0.6-0.9 s of the rebuild; eight folders at a time take ~0.3 s, hidden behind `load`.
 *
 * The listing tells the later stages which files already exist: a file is reused only if it is
 * listed, so a file deleted by hand is written again, and orphans are found from it.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { GROUP_ID, ITEM_PATH } from '../feed/paths.js';
import type { BuildContext } from './context.js';

export function listOutput(ctx: BuildContext): void {
  const listing = listFiles(ctx.options.out);
  // Awaited by read-state; if a stage before it fails, the listing's own failure is not news.
  listing.catch(() => undefined);
  ctx.outputListing = listing;
}

/** Folders read at once (the thread pool has four threads; more gains nothing here). */
const FOLDERS_AT_ONCE = 8;

/**
 * Every regular file under `dir`, relative with forward slashes; empty when `dir` does not exist.
 * Symbolic links are neither listed nor followed (the build never makes one).
 */
export async function listFiles(dir: string): Promise<Set<string>> {
  const found = new Set<string>();
  const pending: string[] = ['']; // folders to read, relative, '' for `dir` itself
  let reading = 0;
  return new Promise((resolve, reject) => {
    let failed = false;
    const fail = (error: unknown) => {
      failed = true;
      reject(error);
    };
    const readSome = () => {
      if (failed) return;
      if (pending.length === 0 && reading === 0) {
        resolve(found);
        return;
      }
      while (reading < FOLDERS_AT_ONCE && pending.length > 0) {
        const folder = pending.pop() as string;
        reading++;
        readdir(folder === '' ? dir : path.join(dir, folder), { withFileTypes: true }).then((entries) => {
          reading--;
          const prefix = folder === '' ? '' : `${folder}/`;
          for (const entry of entries) {
            if (entry.isDirectory()) pending.push(prefix + entry.name);
            else if (entry.isFile()) found.add(prefix + entry.name);
          }
          readSome();
        }, (error: NodeJS.ErrnoException) => {
          if (folder === '' && error.code === 'ENOENT') resolve(found);
          else fail(error);
        });
      }
    };
    readSome();
  });
}

/** The listing of --out, its item files apart (PreviousBuild). */
export interface ListedOutput {
  /** Group id -> the SHA-256 of each item file of the group (`groups/<id>/items/<sha256>.pgp`). */
  itemFiles: ReadonlyMap<string, ReadonlySet<string>>;
  /** Every other file (under a folder of groups/ that is no group id, too). */
  otherFiles: readonly string[];
}

/**
 * Splits a listing in one pass: reusing an item or finding it orphaned is then a lookup of its
 * hash, not a path spelled out for each of the ~90,000 items of 10,000 advisories and looked up.
 */
export function splitListing(files: Iterable<string>): ListedOutput {
  const itemFiles = new Map<string, Set<string>>();
  const otherFiles: string[] = [];
  for (const file of files) {
    const slash = file.startsWith('groups/') ? file.indexOf('/', 7) : -1;
    const group = slash > 7 ? file.slice(7, slash) : '';
    let hashes = itemFiles.get(group);
    if (hashes === undefined && GROUP_ID.test(group)) itemFiles.set(group, (hashes = new Set()));
    if (hashes !== undefined && ITEM_PATH.test(file.slice(slash + 1))) hashes.add(file.slice(slash + 7, slash + 71)); // after "/items/", before ".pgp"
    else otherFiles.push(file);
  }
  for (const [group, hashes] of itemFiles) if (hashes.size === 0) itemFiles.delete(group);
  return { itemFiles, otherFiles };
}
