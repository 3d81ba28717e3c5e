/**
 * Advisory files known by their metadata (loading speed only): a rebuild need not read a file to
 * learn its advisory-cache key (source-text.ts sourceKey) when the file is the very file read
 * before. Reading and hashing 10,000 unchanged advisories cost ~1-1.5 s of a rebuild's thread;
 * statting them (each folder resolved once), ~0.15-0.25 s.
 *
 * "The very file": the same device and inode, size, modification time and change time as when it
 * was opened for the read that gave the key. Writing a file changes its ctime, and nothing but the
 * kernel sets a ctime (utimes(2) sets it to the current time), so a later change shows, unless it
 * falls in the same clock tick as the recorded one: a file changed less than RACY_MS before it was
 * read is not recorded (git's "racily clean" entries, handled the same way), and is read again by
 * the next build. A key taken from here is still checked wherever the text is used: a section read
 * for rendering must hash to it (source-text.ts, FILE_CHANGED).
 *
 * Lives beside the advisory cache (`<root>/.advisory-feed-cache/stat-keys.json`); a missing,
 * unreadable or foreign file is simply rebuilt.
 */
import { lstatSync, type Stats } from 'node:fs';
import path from 'node:path';
import { readCacheEntries, worthRewriting, writeCacheEntries } from './cache-files.js';
import { resolveContentPath, unsafeRelativePath, type ReadOptions } from './read-text-file.js';

const STAT_KEYS_FILE = 'stat-keys.json';
/** The salt of the file: its entries depend on no code, only on their own shape. */
const FORMAT = 'advisory-feed stat keys 1';
/** A file changed this recently when it was opened is not recorded (see above). */
export const RACY_MS = 2000;

/** What the loader needs of a file it does not read: its key and its text's length. */
export interface KnownFile {
  key: string;
  length: number;
}

export interface StatKeys {
  /** The key of `file` (relative to the root) if it is still the very file recorded; touches the disk, never throws. */
  known(file: string): KnownFile | undefined;
  /** Records the key of `file` as read from the file whose settledFingerprint was `fingerprint`. */
  record(file: string, fingerprint: string, known: KnownFile): void;
  /** Writes the records when enough changed (cache-files.ts worthRewriting): files of this run only. */
  save(): Promise<void>;
}

/** [fingerprint, key, length] of a file. */
type Entry = [string, string, number];

/** Opens the records under `root`'s cache folder (none yet: every file is read and recorded). */
export async function openStatKeys(root: string): Promise<StatKeys> {
  const previous = await readCacheEntries(root, STAT_KEYS_FILE, FORMAT);
  const used = new Map<string, Entry>();
  const fingerprintOf = fingerprints(root);
  let taken = 0;
  let made = 0;
  return {
    known(file) {
      const entry = previous[file];
      if (!isEntry(entry) || fingerprintOf(file) !== entry[0]) return undefined;
      used.set(file, entry);
      taken++;
      return { key: entry[1], length: entry[2] };
    },
    record(file, fingerprint, known) {
      used.set(file, [fingerprint, known.key, known.length]);
      made++;
    },
    async save() {
      if (!worthRewriting(made, Object.keys(previous).length - taken, used.size)) return;
      await writeCacheEntries(root, STAT_KEYS_FILE, FORMAT, used);
    },
  };
}

/**
 * What to record of a file opened as `stats` at `at` (ms since the epoch, taken after the fstat and
 * before the read): its fingerprint, or undefined when it changed less than RACY_MS before, since a
 * second change within the same tick of the file system's clock would leave the same fingerprint.
 * Computed by whichever thread reads the file (the loading thread or a worker).
 */
export function settledFingerprint(stats: Stats, at: number): string | undefined {
  return at - Math.max(stats.ctimeMs, stats.mtimeMs) < RACY_MS ? undefined : fingerprint(stats);
}

/** readTextFile's options telling `settled` the file's settledFingerprint, when it has one. */
export function onSettled(settled: (fingerprint: string) => void): ReadOptions {
  return {
    opened(stats, at) {
      const fingerprint = settledFingerprint(stats, at);
      if (fingerprint !== undefined) settled(fingerprint);
    },
  };
}

/** What identifies the file's state: device, inode, size, modification and change times. */
function fingerprint(stats: Stats): string {
  return `${stats.dev}:${stats.ino}:${stats.size}:${stats.mtimeMs}:${stats.ctimeMs}`;
}

/**
 * The fingerprints of files as readTextFile would open them: a safe relative path resolving inside
 * the root to a regular file; else undefined. Each folder is resolved once (readTextFile resolves
 * the whole path of every file: ~25 us each): a file that is no symlink itself (lstat, as
 * O_NOFOLLOW) resolves to its resolved folder and its name.
 */
function fingerprints(root: string): (file: string) => string | undefined {
  const folders = new Map<string, string | undefined>();
  const resolvedFolder = (folder: string) => {
    if (!folders.has(folder)) {
      let resolved: string | undefined;
      try {
        const { target, inside } = resolveContentPath(root, folder);
        resolved = inside ? target : undefined;
      } catch {
        resolved = undefined;
      }
      folders.set(folder, resolved);
    }
    return folders.get(folder);
  };
  return (file) => {
    if (unsafeRelativePath(file) !== undefined) return undefined;
    const folder = resolvedFolder(path.posix.dirname(file));
    if (folder === undefined) return undefined;
    try {
      const stats = lstatSync(path.join(folder, path.posix.basename(file)));
      return stats.isFile() ? fingerprint(stats) : undefined;
    } catch {
      return undefined;
    }
  };
}

function isEntry(entry: unknown): entry is Entry {
  return Array.isArray(entry) && entry.length === 3 && typeof entry[0] === 'string' && typeof entry[1] === 'string' && Number.isInteger(entry[2]);
}
