/**
 * Reads a content file defensively: the content repo is reviewed by pull request, but a mistake
 * (a symlink to ~/.gnupg, a 2 GB paste, a Latin-1 file) must be a clear problem, not a leak or a hang.
 */
import { lstat, readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import type { ContentCode } from './codes.js';
import type { Problems, Where } from './problems.js';

export interface ReadOptions {
  /** Where to report problems (default: the file itself, line 1), e.g. the front-matter line naming it. */
  at?: Where;
  /** Code for a missing file (default FILE_UNREADABLE). */
  missingCode?: ContentCode;
}

/** Largest content file we read (bytes): advisories and keys are kilobytes, not megabytes. */
export const MAX_FILE_BYTES = 1024 * 1024;

/**
 * Returns the file's text (UTF-8, BOM removed, line ends normalised to \n) or undefined after
 * adding a PATH_UNSAFE or FILE_UNREADABLE problem. `rel` is relative to `root`, forward slashes.
 */
export async function readTextFile(root: string, rel: string, problems: Problems, options: ReadOptions = {}): Promise<string | undefined> {
  const at: Where = options.at ?? { path: rel, line: 1 };
  const unsafe = unsafeRelativePath(rel);
  if (unsafe !== undefined) {
    problems.add('PATH_UNSAFE', `Expected a path inside the content root, got ${JSON.stringify(rel)} (${unsafe})`, at);
    return undefined;
  }
  const full = path.join(root, rel);
  try {
    // Resolve every symlink on the way (the file or a parent folder) and insist on staying inside.
    const target = await realpath(full);
    // A resolved path lexically under `root` is inside it (its folders are real ones, or the
    // resolved path could not contain them); only otherwise resolve the root too (once per file
    // saved on 10,000 advisories).
    const lexical = path.relative(path.resolve(root), target);
    const inside = !lexical.startsWith('..') && !path.isAbsolute(lexical) ? lexical : path.relative(await realpath(root), target);
    if (inside.startsWith('..') || path.isAbsolute(inside)) {
      problems.add('PATH_UNSAFE', `Expected a file inside the content root, got a symlink to ${target}`, {
        ...at,
        hint: 'Replace the symlink with the file itself',
      });
      return undefined;
    }
    const real = await lstat(target);
    if (!real.isFile()) {
      problems.add('FILE_UNREADABLE', 'Expected a regular file, got a directory or device', at);
      return undefined;
    }
    if (real.size > MAX_FILE_BYTES) {
      problems.add('FILE_UNREADABLE', `Expected at most ${MAX_FILE_BYTES} bytes, got ${real.size}`, at);
      return undefined;
    }
    const bytes = await readFile(full);
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return text.replace(/\r\n?/g, '\n');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    const message = error instanceof TypeError ? 'Expected UTF-8 text, got invalid byte sequences' : `Cannot read the file: ${(error as Error).message}`;
    const code = missing ? (options.missingCode ?? 'FILE_UNREADABLE') : 'FILE_UNREADABLE';
    problems.add(code, missing ? `Expected ${rel} to exist, got nothing` : `${rel}: ${message}`, { ...at, cause: error });
    return undefined;
  }
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
