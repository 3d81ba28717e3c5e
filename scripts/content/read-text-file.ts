/**
 * Reads a content file defensively: the content repo is reviewed by pull request, but a mistake
 * (a symlink to ~/.gnupg, a 2 GB paste, a Latin-1 file) must be a clear problem, not a leak or a hang.
 */
import { closeSync, constants, fstatSync, openSync, readSync, realpathSync, type Stats } from 'node:fs';
import path from 'node:path';
import type { ContentCode } from './codes.js';
import type { Problems, Where } from './problems.js';

export interface ReadOptions {
  /** Where to report problems (default: the file itself, line 1), e.g. the front-matter line naming it. */
  at?: Where;
  /** Code for a missing file (default FILE_UNREADABLE). */
  missingCode?: ContentCode;
  /** Told the file's metadata as opened, before its bytes are read, and the time then (stat-keys.ts). */
  opened?: (stats: Stats, at: number) => void;
}

/** Largest content file we read (bytes): advisories and keys are kilobytes, not megabytes. */
export const MAX_FILE_BYTES = 1024 * 1024;

/**
 * The resolved file is opened without following a symlink (it has none left, unless one was put
 * there since it was resolved) and without blocking (a FIFO would wait for a writer forever;
 * fstat then refuses it).
 */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Returns the file's text (UTF-8, BOM removed, line ends normalised to \n) or undefined after
 * adding a PATH_UNSAFE or FILE_UNREADABLE problem. `rel` is relative to `root`, forward slashes.
 *
 * Synchronous calls behind the promise: a content file is a few kilobytes, and a realpath, open,
 * fstat, read and close through the thread pool cost ~60 us of CPU each file against ~15 us
 * here (0.6 s against 0.15 s for 10,000 advisories); nothing else waits while content loads.
 */
export async function readTextFile(root: string, rel: string, problems: Problems, options: ReadOptions = {}): Promise<string | undefined> {
  return readTextFileSync(root, rel, problems, options);
}

/** readTextFile, for a caller that cannot wait (source-text.ts: a section's getter). */
export function readTextFileSync(root: string, rel: string, problems: Problems, options: ReadOptions = {}): string | undefined {
  const at: Where = options.at ?? { path: rel, line: 1 };
  const unsafe = unsafeRelativePath(rel);
  if (unsafe !== undefined) {
    problems.add('PATH_UNSAFE', `Expected a path inside the content root, got ${JSON.stringify(rel)} (${unsafe})`, at);
    return undefined;
  }
  let fd: number | undefined;
  try {
    const { target, inside } = resolveContentPath(root, rel);
    if (!inside) {
      problems.add('PATH_UNSAFE', `Expected a file inside the content root, got a symlink to ${target}`, {
        ...at,
        hint: 'Replace the symlink with the file itself',
      });
      return undefined;
    }
    fd = openSync(target, OPEN_FLAGS);
    const real = fstatSync(fd);
    options.opened?.(real, Date.now());
    if (!real.isFile()) {
      problems.add('FILE_UNREADABLE', 'Expected a regular file, got a directory or device', at);
      return undefined;
    }
    if (real.size > MAX_FILE_BYTES) {
      problems.add('FILE_UNREADABLE', `Expected at most ${MAX_FILE_BYTES} bytes, got ${real.size}`, at);
      return undefined;
    }
    const bytes = readAll(fd, real.size);
    if (bytes.length > MAX_FILE_BYTES) {
      problems.add('FILE_UNREADABLE', `Expected at most ${MAX_FILE_BYTES} bytes, got more (the file grew while read)`, at);
      return undefined;
    }
    const text = utf8.decode(bytes);
    return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    const message = error instanceof TypeError ? 'Expected UTF-8 text, got invalid byte sequences' : `Cannot read the file: ${(error as Error).message}`;
    const code = missing ? (options.missingCode ?? 'FILE_UNREADABLE') : 'FILE_UNREADABLE';
    problems.add(code, missing ? `Expected ${rel} to exist, got nothing` : `${rel}: ${message}`, { ...at, cause: error });
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Where `rel` (a safe relative path) resolves, every symlink on the way followed (the file's or a
 * parent folder's), and whether that is inside `root`. Throws as realpath(3) does (e.g. ENOENT).
 */
export function resolveContentPath(root: string, rel: string): { target: string; inside: boolean } {
  const target = realpathSync.native(path.join(root, rel));
  // A resolved path lexically under `root` is inside it (its folders are real ones, or the
  // resolved path could not contain them); only otherwise resolve the root too (once per file
  // saved on 10,000 advisories).
  const lexical = path.relative(path.resolve(root), target);
  const inside = !lexical.startsWith('..') && !path.isAbsolute(lexical) ? lexical : path.relative(realpathSync.native(root), target);
  return { target, inside: !(inside.startsWith('..') || path.isAbsolute(inside)) };
}

/** The file's bytes from its start to its end, or MAX_FILE_BYTES + 1 of them if it grew past that. */
function readAll(fd: number, size: number): Uint8Array {
  let buffer = Buffer.allocUnsafe(size + 1);
  let length = 0;
  for (;;) {
    if (length === buffer.length) {
      if (length > MAX_FILE_BYTES) break;
      const larger = Buffer.allocUnsafe(Math.min(2 * length, MAX_FILE_BYTES + 1));
      buffer.copy(larger, 0, 0, length);
      buffer = larger;
    }
    const read = readSync(fd, buffer, length, buffer.length - length, null);
    if (read === 0) break;
    length += read;
  }
  return buffer.subarray(0, length);
}

/** Why `rel` is not a safe relative path (absolute, `..`, backslashes, control characters), or undefined. */
export function unsafeRelativePath(rel: string): string | undefined {
  if (rel === '' || path.isAbsolute(rel) || /^[A-Za-z]:/.test(rel)) return 'absolute or empty';
  if (rel.includes('\\')) return 'backslash';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(rel)) return 'control character';
  if (rel.split('/').some((part) => part === '..' || part === '.' || part === '')) return 'traversal';
  return undefined;
}
