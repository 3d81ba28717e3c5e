/**
 * Stage `read-state`: the previous build's state from `<out>/.state.pgp`, opened with the
 * publisher key (decrypt + verify the signature): nothing in it is trusted unverified. A missing
 * state is a fresh start; a state that does not open is an error, never silently ignored (it
 * would reset sequence numbers, and clients would reject the feed as a rollback).
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { isFeedError } from '../feed/errors.js';
import { openSealed } from '../feed/openpgp.js';
import { need, type BuildContext } from './context.js';
import { buildError } from './errors.js';
import { sha256Hex } from '../feed/hash.js';
import { parseState, STATE_FILE } from './state/build-state.js';

export async function readState(ctx: BuildContext): Promise<void> {
  const signer = need(ctx, 'signer');
  const files = await listFiles(ctx.options.out);
  if (!files.has(STATE_FILE)) {
    ctx.previous = { state: undefined, stateHash: undefined, files };
    if ([...files].some((f) => /^groups\/[^/]+\/index\.pgp$/.test(f))) {
      ctx.warnings.push({
        code: 'STATE_MISSING',
        message: `${STATE_FILE} is missing but group indexes exist: sequence numbers restart from the clock and every item is sealed anew`,
      });
    }
    return;
  }
  const sealed = await readFile(path.join(ctx.options.out, STATE_FILE));
  let plaintext: Uint8Array;
  try {
    plaintext = await openSealed(sealed, { decryptionKey: signer, publisher: signer.certificate });
  } catch (cause) {
    if (!isFeedError(cause)) throw cause;
    throw buildError('BUILD_STATE_INVALID', `Expected ${STATE_FILE} sealed by the signing key ${signer.fingerprint}, got ${cause.code}`, {
      path: path.join(ctx.options.out, STATE_FILE),
      cause,
      hint: `If the publisher key was rotated or the file damaged, restore it or move it aside to start fresh (docs/build.md "State").`,
    });
  }
  ctx.previous = { state: parseState(plaintext), stateHash: sha256Hex(plaintext), files };
}

/** Every regular file under `dir`, relative with forward slashes; empty when `dir` does not exist. */
async function listFiles(dir: string): Promise<Set<string>> {
  const found = new Set<string>();
  let entries;
  try {
    entries = await readdir(dir, { recursive: true, withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return found;
    throw error;
  }
  // parentPath is `dir` or below it: a slice, not path.relative (~150,000 entries at 10,000
  // advisories, where path.relative alone took ~1 s).
  const root = path.resolve(dir);
  const folders = new Map<string, string>(); // parentPath -> relative folder with a trailing slash
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    let folder = folders.get(entry.parentPath);
    if (folder === undefined) {
      const parent = path.resolve(entry.parentPath);
      folder = parent === root ? '' : `${parent.slice(root.length + 1).split(path.sep).join('/')}/`;
      folders.set(entry.parentPath, folder);
    }
    found.add(`${folder}${entry.name}`);
  }
  return found;
}
