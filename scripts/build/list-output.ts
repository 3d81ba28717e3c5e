/**
 * Stage `list-output`: starts listing every file under --out and returns at once; `read-state`
 * awaits it. At 10,000 advisories the output holds ~144,000 files in ~10,000 folders (one per
 * public advisory page). Listing them one folder at a time (readdir's `recursive` option) took
 * 0.6-0.9 s of the rebuild; eight folders at a time take ~0.3 s on the thread pool. Each group's
 * item files are taken by their hash as their folder is read, not spelled out as paths and split
 * later (~0.15 s of the build's thread at 10,000 advisories).
 *
 * The stage runs after `load` (pipeline.ts): listing while `load` runs, the names of 144,000
 * files came into the build's thread between its files, and the thread pool's reads slowed it;
 * alternating in process, a no-op rebuild at 10,000 advisories took 3.74-3.84 s with the
 * listing started first and 3.61-3.74 s started after `load`. A worker thread listing --out
 * (tried, round 23) kept the build's thread free of the names but slowed `load` more than that
 * saved: on two cores it shares the other one with the state's opening and the keyring.
 *
 * The listing tells the later stages which files already exist: a file is reused only if it is
 * listed, so a file deleted by hand is written again, and orphans are found from it.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { GROUP_ID, ITEM_FILE_NAME } from '../feed/paths.js';
import type { BuildContext } from './context.js';

export function listOutput(ctx: BuildContext): void {
  const listing = listOutputFiles(ctx.options.out);
  // Awaited by read-state; if a stage before it fails, the listing's own failure is not news.
  listing.catch(() => undefined);
  ctx.outputListing = listing;
}

/**
 * Every regular file under `dir`, relative with forward slashes, each group's items by hash apart
 * from the others; empty when `dir` does not exist. Symbolic links are neither listed nor
 * followed (the build never makes one).
 */
export async function listOutputFiles(dir: string): Promise<OutputListing> {
  const itemFiles = new Map<string, Set<string>>();
  const otherFiles: string[] = [];
  await walkFiles(dir, (folder) => {
    const prefix = folder === '' ? '' : `${folder}/`;
    const group = ITEMS_FOLDER_PATH.exec(folder)?.[1];
    if (group === undefined || !GROUP_ID.test(group)) return (name) => void otherFiles.push(prefix + name);
    return (name) => {
      if (!ITEM_FILE_NAME.test(name)) {
        otherFiles.push(prefix + name);
        return;
      }
      let hashes = itemFiles.get(group);
      if (hashes === undefined) itemFiles.set(group, (hashes = new Set()));
      hashes.add(name.slice(0, 64));
    };
  });
  return new OutputListing(itemFiles, otherFiles);
}

/** `groups/<group>/items`, the folder of a group's item files (its group id still to check). */
const ITEMS_FOLDER_PATH = /^groups\/([^/]+)\/items$/;

/** Folders read at once (the thread pool has four threads; more gains nothing here). */
const FOLDERS_AT_ONCE = 8;

/**
 * Reads every folder under `dir`, several at a time, and hands each regular file's name to the
 * function `inFolder` gives for its folder (relative, forward slashes, '' for `dir` itself).
 */
function walkFiles(dir: string, inFolder: (folder: string) => (name: string) => void): Promise<void> {
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
        resolve();
        return;
      }
      while (reading < FOLDERS_AT_ONCE && pending.length > 0) {
        const folder = pending.pop() as string;
        reading++;
        readdir(folder === '' ? dir : path.join(dir, folder), { withFileTypes: true }).then((entries) => {
          reading--;
          const prefix = folder === '' ? '' : `${folder}/`;
          const file = inFolder(folder);
          for (const entry of entries) {
            if (entry.isDirectory()) pending.push(prefix + entry.name);
            else if (entry.isFile()) file(entry.name);
          }
          readSome();
        }, (error: NodeJS.ErrnoException) => {
          if (folder === '' && error.code === 'ENOENT') resolve();
          else fail(error);
        });
      }
    };
    readSome();
  });
}

/** What later stages ask of a listing: whether a file (relative, forward slashes) exists. */
export interface FileSet {
  has(file: string): boolean;
  readonly size: number;
}

/** The listing of --out, its item files apart (PreviousBuild.files). */
export interface ListedOutput {
  /** Group id -> the SHA-256 of each item file of the group (`groups/<id>/items/<sha256>.pgp`). */
  itemFiles: ReadonlyMap<string, ReadonlySet<string>>;
  /** Every other file (under a folder of groups/ that is no group id, too). */
  otherFiles: readonly string[];
  /** Files an unfinished build may have changed (write/touched-log.ts): ours, and not to be kept as they are. */
  distrusted: ReadonlySet<string>;
}

/**
 * Every file under --out, each group's item files by hash apart from the others: reusing an item
 * or finding it orphaned is a lookup of its hash, not a path spelled out for each of the ~90,000
 * items of 10,000 advisories and looked up.
 */
export class OutputListing implements ListedOutput, FileSet {
  readonly size: number;
  readonly #others: ReadonlySet<string>;

  constructor(
    readonly itemFiles: ReadonlyMap<string, ReadonlySet<string>>,
    readonly otherFiles: readonly string[],
    readonly distrusted: ReadonlySet<string> = new Set(),
  ) {
    this.#others = new Set(otherFiles);
    let items = 0;
    for (const hashes of itemFiles.values()) items += hashes.size;
    this.size = items + this.#others.size;
  }

  /**
   * This listing, with `files` distrusted: `has` says no for them, so that every one the build
   * publishes is written again, and the orphan sweep takes the others (seal/orphans.ts).
   */
  distrusting(files: ReadonlySet<string>): OutputListing {
    return files.size === 0 ? this : new OutputListing(this.itemFiles, this.otherFiles, new Set([...this.distrusted, ...files]));
  }

  /** Whether `file` is there, and may be kept as it is. */
  has(file: string): boolean {
    return !this.distrusted.has(file) && this.exists(file);
  }

  /** Whether `file` is there, distrusted or not (a file replaced, not created, by the journal). */
  exists(file: string): boolean {
    const item = itemOf(file);
    const hashes = item === undefined ? undefined : this.itemFiles.get(item.group);
    return hashes !== undefined && item !== undefined ? hashes.has(item.sha256) : this.#others.has(file);
  }

  /** Every path, items spelled out (a first build's check for a lost state, and tests). */
  *[Symbol.iterator](): IterableIterator<string> {
    for (const [group, hashes] of this.itemFiles) for (const sha256 of hashes) yield `groups/${group}/items/${sha256}.pgp`;
    yield* this.otherFiles;
  }
}

/** Paths split as listOutputFiles splits --out: each group's item hashes, every other file (tests). */
export function splitListing(files: Iterable<string>): OutputListing {
  const itemFiles = new Map<string, Set<string>>();
  const otherFiles: string[] = [];
  for (const file of files) {
    const item = itemOf(file);
    let hashes = item === undefined ? undefined : itemFiles.get(item.group);
    if (item !== undefined && hashes === undefined) itemFiles.set(item.group, (hashes = new Set()));
    if (hashes !== undefined && item !== undefined) hashes.add(item.sha256);
    else otherFiles.push(file);
  }
  return new OutputListing(itemFiles, otherFiles);
}

/** The group and hash of a group's item file (`groups/<id>/items/<sha256>.pgp`), or undefined. */
function itemOf(file: string): { group: string; sha256: string } | undefined {
  const slash = file.lastIndexOf('/');
  const group = ITEMS_FOLDER_PATH.exec(file.slice(0, slash))?.[1];
  const name = file.slice(slash + 1);
  if (group === undefined || !GROUP_ID.test(group) || !ITEM_FILE_NAME.test(name)) return undefined;
  return { group, sha256: name.slice(0, 64) };
}
