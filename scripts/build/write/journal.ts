/**
 * Atomic file placement with an undo log. A file goes to a temp name beside its target and is
 * renamed over it (readers see the old or the new file, never half of one), unless no reader can
 * see it half written (`createDirect`). The journal records what it created, and keeps every
 * replaced file under a second name (a hard link), so `rollback` puts the very same files back
 * (bytes and mtimes) when a later step fails. Each file is first written down in the touched
 * log (touched-log.ts), for the next build to distrust should this one be killed before either.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { TEMP_MARK } from '../seal/orphans.js';
import type { StateGuard } from './state-guard.js';
import type { TouchedLog } from './touched-log.js';
import type { WriteFs } from './write-fs.js';

export class Journal {
  private readonly created: string[] = [];
  private readonly createdDirs: string[] = [];
  /** Replaced files: target and the hard link that keeps its old inode (bytes and mtime). */
  private readonly replaced: { target: string; backup: string }[] = [];
  /** Folders made (or found) already: one mkdir per folder, not per file. */
  private readonly folders = new Map<string, Promise<void>>();

  constructor(
    private readonly fs: WriteFs,
    private readonly out: string,
    private readonly touched?: TouchedLog,
    /** Asked before each write whether this build still owns --out (state-guard.ts). */
    private readonly guard?: StateGuard,
  ) {}

  /** Writes down files that a seal worker is about to write (touched-log.ts). */
  intend(rels: readonly string[]): void {
    this.guard?.check();
    this.touched?.record(rels);
  }

  /** Writes a file that must not exist yet (content-addressed items). */
  async create(rel: string, data: Uint8Array): Promise<void> {
    const target = path.join(this.out, rel);
    await this.folder(path.dirname(target)); // --out itself may be new: the log goes in it
    this.guard?.check();
    this.touched?.record([rel]);
    await this.place(target, data);
    this.guard?.wrote(rel);
    this.created.push(rel);
  }

  /**
   * Writes a new file straight to its name, never over an existing one, without a temp file and a
   * rename (one directory entry instead of two: the file system is the cold build's floor). Safe
   * only where no reader sees the file half written:
   * - a content-addressed item: no index names it until the write stage; a build killed mid-write
   *   leaves a file whose name is the hash of bytes it does not hold, which no later build names
   *   (each seals under a fresh session key) and which the orphan sweep removes after the grace
   *   period, like any unknown file under groups/;
   * - a public file of a build into an empty --out: nothing there is published yet, and a file a
   *   killed build leaves half written is in no build state, so the next build replaces it.
   * Never the state or an index: a half-written one would stop the next build or a client.
   */
  async createDirect(rel: string, data: Uint8Array): Promise<void> {
    const target = path.join(this.out, rel);
    await this.folder(path.dirname(target));
    this.guard?.check();
    this.touched?.record([rel]);
    try {
      await this.fs.writeFile(target, data); // exclusive: never over an existing file
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') await this.fs.remove(target).catch(() => undefined);
      throw error;
    }
    this.created.push(rel);
  }

  /**
   * The absolute path of folder `rel`, made once (and undone on rollback), for a seal worker to
   * write new files into (SealPool.sealInto, writeFiles); each file it writes is then `recordCreated`.
   */
  async folderFor(rel: string): Promise<string> {
    const folder = path.join(this.out, rel);
    await this.folder(folder);
    return folder;
  }

  /** Records a new file that a seal worker wrote (createDirect's rules), so rollback removes it. */
  recordCreated(rel: string): void {
    this.created.push(rel);
  }

  /** Writes a file that may exist (indexes, public files, state), keeping the old one for undo. */
  async replace(rel: string, data: Uint8Array, exists: boolean): Promise<void> {
    if (!exists) return this.create(rel, data);
    this.guard?.check();
    this.touched?.record([rel]);
    const target = path.join(this.out, rel);
    const backup = tempName(target);
    await this.fs.link(target, backup);
    this.replaced.push({ target, backup });
    await this.place(target, data);
    this.guard?.wrote(rel);
  }

  /** Keeps the new output: drops the backups of replaced files. */
  async commit(): Promise<void> {
    for (const { backup } of this.replaced) await this.fs.remove(backup).catch(() => undefined);
  }

  /** Undoes everything, newest first; keeps going past errors so as much as possible is restored. */
  async rollback(): Promise<unknown[]> {
    const errors: unknown[] = [];
    for (const { target, backup } of [...this.replaced].reverse()) {
      const restored = await this.fs.rename(backup, target).then(() => true, (e: unknown) => {
        errors.push(e);
        return false; // the old file stays under its backup name, for whoever repairs --out
      });
      // rename() is a no-op when both names are links to one file (the target was never replaced).
      if (restored) await this.fs.remove(backup).catch((e: unknown) => errors.push(e));
    }
    for (const file of [...this.created].reverse()) {
      await this.fs.remove(path.join(this.out, file)).catch((e: unknown) => errors.push(e));
    }
    for (const dir of [...this.createdDirs].reverse()) {
      await this.fs.remove(dir).catch((e: unknown) => errors.push(e));
    }
    return errors;
  }

  /** Creates `folder` and its parents once per build, recording the first one made for undo. */
  private folder(folder: string): Promise<void> {
    let made = this.folders.get(folder);
    if (made === undefined) {
      made = this.fs.mkdir(folder).then((first) => {
        if (first !== undefined) this.createdDirs.push(first);
      });
      this.folders.set(folder, made);
    }
    return made;
  }

  private async place(target: string, data: Uint8Array): Promise<void> {
    await this.folder(path.dirname(target));
    const temp = tempName(target);
    try {
      await this.fs.writeFile(temp, data);
      await this.fs.rename(temp, target);
    } catch (error) {
      await this.fs.remove(temp).catch(() => undefined);
      throw error;
    }
  }
}

/** A name beside `target` that the orphan sweep recognises if a killed build leaves it behind. */
function tempName(target: string): string {
  return `${target}${TEMP_MARK}${process.pid}-${randomBytes(4).toString('hex')}`;
}
