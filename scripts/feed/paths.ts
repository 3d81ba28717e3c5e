/**
 * Where feed files live (feed-format §2), and joining untrusted relative paths safely (§2.3).
 * Feed paths always use forward slashes, whatever the platform.
 */
import { isAbsolute, join, relative, sep } from 'node:path';
import { FeedError, type FormatCode } from './errors.js';
import { SHA256_HEX } from './hash.js';

/** Group ids (§2.2): lower-case letters, digits and inner hyphens, 1-64 characters. */
export const GROUP_ID = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
/** Advisory ids (§2.2), e.g. `ADV-2026-0042`. */
export const ADVISORY_ID = /^ADV-[0-9]{4}-[0-9]{4,}$/;
/** An item file's name in its group's items folder: `<sha256>.pgp` (§2.1). */
export const ITEM_FILE_NAME = /^[0-9a-f]{64}\.pgp$/;
/** An index entry's `path` (§3.2): always derived from the item's hash. */
export const ITEM_PATH = new RegExp(`^items\\/${ITEM_FILE_NAME.source.slice(1)}`);

/** The publisher's public key, at the root of the output (§7). */
export const PUBLISHER_KEY_PATH = 'publisher.asc';

/** `groups/<group>` (§2.1). */
export function groupDir(group: string): string {
  if (!GROUP_ID.test(group)) throw unsafe(`a group id matching ${GROUP_ID.source}`, JSON.stringify(group));
  return `groups/${group}`;
}

/** `groups/<group>/index.pgp`: the group's only mutable file (§2.1). */
export function groupIndexPath(group: string): string {
  return `${groupDir(group)}/index.pgp`;
}

/** The folder of a group's items, in the group folder (§2.1). */
export const ITEMS_FOLDER = 'items';

/** `items/<sha256>.pgp`, relative to the group folder: the `path` of an index entry (§3.2). */
export function itemPath(sha256: string): string {
  if (!SHA256_HEX.test(sha256)) throw unsafe('a lower-case hex SHA-256', JSON.stringify(sha256));
  return `${ITEMS_FOLDER}/${sha256}.pgp`;
}

/** `groups/<group>/items/<sha256>.pgp`, relative to the output root (§2.1). */
export function groupItemPath(group: string, sha256: string): string {
  return `${groupDir(group)}/${itemPath(sha256)}`;
}

/**
 * Checks an untrusted relative feed path and returns it unchanged. Throws PATH_UNSAFE for an
 * empty or absolute path, NUL, backslashes, a drive letter or scheme (`C:`, `http:`), empty
 * segments and `.`/`..` segments (§2.3). Use before joining it to a folder or URL.
 */
export function checkRelativePath(path: string): string {
  const reason =
    path.length === 0 ? 'an empty path'
      : path.includes('\0') ? 'a NUL character'
        : path.includes('\\') ? 'a backslash'
          : path.startsWith('/') ? 'an absolute path'
            : /^[A-Za-z][A-Za-z0-9+.-]*:/.test(path) ? 'a drive letter or URL scheme'
              : path.split('/').some((s) => s === '' || s === '.' || s === '..') ? 'an empty, `.` or `..` segment'
                : undefined;
  if (reason !== undefined) throw unsafe('a relative path inside the feed', `${reason} in ${JSON.stringify(path)}`);
  return path;
}

/** Joins a checked relative feed path to a local folder; the result is guaranteed inside `root`. */
export function safeJoin(root: string, path: string): string {
  const joined = join(root, ...checkRelativePath(path).split('/'));
  const inside = relative(root, joined);
  if (inside === '' || inside.startsWith(`..${sep}`) || inside === '..' || isAbsolute(inside)) {
    throw unsafe(`a path inside ${root}`, JSON.stringify(path));
  }
  return joined;
}

function unsafe(expected: string, got: string): FeedError<FormatCode> {
  return new FeedError<FormatCode>('PATH_UNSAFE', `Expected ${expected}, got ${got}`, {
    hint: 'Feed paths are relative, forward-slashed and stay inside their folder; do not use this feed file.',
  });
}
