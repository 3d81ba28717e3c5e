/**
 * Step §8.12 (feed-format): the partner's mirror under --out. Written only with verified documents, one file at a time by
 * atomic rename, in an order that keeps it consistent: items, then index.json, then moving away
 * advisories the index no longer lists. Every write is idempotent, so a rerun after a crash
 * simply writes the same bytes again.
 *
 *   <out>/index.json             the verified group index (decrypted, exactly as signed)
 *   <out>/advisories/<id>.json   the verified item (decrypted, exactly as signed)
 *   <out>/advisories/<id>.md     Markdown with front matter (render-markdown.mjs)
 *   <out>/removed/<id>.json|.md  advisories the index stopped listing: moved here, never deleted
 */
import { access, mkdir, readdir, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { sha256Hex } from '../feed/hash.js';
import { ADVISORY_ID, safeJoin } from '../feed/paths.js';
import { sweepTempFiles, syncFolder, writeFileAtomic } from './atomic-write.js';
import { pollError } from './errors.js';
import { EXTENSIONS, type Staging } from './staging.js';

export const ADVISORIES_DIR = 'advisories';
export const REMOVED_DIR = 'removed';

/** Which advisories have both mirror files, from one listing of the folder. */
export interface MirrorListing {
  has(id: string): boolean;
  /** Every advisory id with a mirror file in `advisories/` (the index may no longer list some). */
  ids(): string[];
}

/**
 * Lists `<out>/advisories` once (both files of an advisory must be regular files): a no-change
 * poll of a 50,000-item feed asked the file system 100,000 times instead (~8 s).
 */
export async function listMirror(outDir: string): Promise<MirrorListing> {
  const files = new Set<string>();
  try {
    for (const entry of await readdir(join(outDir, ADVISORIES_DIR), { withFileTypes: true })) {
      if (entry.isFile()) files.add(entry.name);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  return {
    has: (id) => EXTENSIONS.every((ext) => files.has(`${id}${ext}`)),
    ids() {
      const ids = new Set<string>();
      for (const name of files) {
        const ext = EXTENSIONS.find((e) => name.endsWith(e));
        const id = ext === undefined ? undefined : name.slice(0, -ext.length);
        if (id !== undefined && ADVISORY_ID.test(id)) ids.add(id);
      }
      return [...ids].sort();
    },
  };
}

/** What the mirror's own `index.json` says of itself: the sequence it is at, and its plaintext's hash. */
export interface MirroredIndex {
  sequence: number;
  indexSha256: string;
}

/**
 * The index the mirror holds (`<out>/index.json`, written only after it was verified), when it is
 * one of this group by this publisher; undefined when there is none or it is not one. A run
 * killed after writing the mirror and before the state leaves the mirror ahead of the state: its
 * index is then the floor a replayed older one must not go below (pipeline.ts). Only its head is
 * read: it can only make the client stricter, so its entries (50,000 at the most) are not
 * checked again.
 */
export async function readMirroredIndex(outDir: string, group: string, publisher: string): Promise<MirroredIndex | undefined> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(join(outDir, 'index.json'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  let head: { group?: unknown; publisher?: unknown; sequence?: unknown } | null;
  try {
    head = JSON.parse(new TextDecoder().decode(bytes)) as typeof head;
  } catch {
    return undefined; // not one this client wrote: the state alone is the floor
  }
  if (head?.group !== group || head.publisher !== publisher || !Number.isSafeInteger(head.sequence)) return undefined;
  return { sequence: head.sequence as number, indexSha256: sha256Hex(bytes) };
}

export interface MirrorUpdate {
  /** The verified index plaintext, written as index.json. */
  indexPlaintext: Uint8Array;
  /** Ids of the verified items waiting in `staging`. */
  ids: string[];
  staging: Staging;
  removed: string[];
}

export async function writeMirror(outDir: string, update: MirrorUpdate): Promise<void> {
  try {
    // A run killed mid-write leaves temporary files; they are ours, so clear them first.
    await sweepTempFiles(outDir);
    await sweepTempFiles(join(outDir, ADVISORIES_DIR));
    // Items are staged as their final files (staging.ts): their data made durable first, then one
    // rename each (or one for all, into an empty folder), then the folder and --out synced once,
    // before index.json: the mirror's order (items, index, removals) is unchanged.
    const advisories = join(outDir, ADVISORIES_DIR);
    await mkdir(advisories, { recursive: true });
    if (update.ids.length > 0) {
      await update.staging.flush();
      await update.staging.moveInto(advisories, update.ids);
      await syncFolder(advisories);
      await syncFolder(outDir);
    }
    await writeFileAtomic(join(outDir, 'index.json'), update.indexPlaintext);
    for (const id of update.removed) await moveToRemoved(outDir, id);
  } catch (error) {
    throw pollError('MIRROR_WRITE_FAILED', `Expected to write the mirror under ${outDir}, got ${(error as Error).message}.`, {
      cause: error,
      hint: 'Check free space and permissions of --out; the state was not advanced, so the next run repeats the update.',
    });
  }
}

/** Idempotent: a file already moved (or never mirrored) is skipped. */
async function moveToRemoved(outDir: string, id: string): Promise<void> {
  await mkdir(join(outDir, REMOVED_DIR), { recursive: true });
  for (const ext of EXTENSIONS) {
    const from = advisoryPath(outDir, ADVISORIES_DIR, id, ext);
    if (await exists(from)) await rename(from, advisoryPath(outDir, REMOVED_DIR, id, ext));
  }
}

/** Ids come from signed documents and were validated, but a file name is still joined safely (feed-format §2.3). */
function advisoryPath(outDir: string, folder: string, id: string, ext: string): string {
  return safeJoin(outDir, `${folder}/${id}${ext}`);
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
