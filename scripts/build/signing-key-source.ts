/**
 * Where the publisher's signing key comes from (docs/build.md "Keys"): an environment variable
 * holding the armoured key, or one naming a file; the passphrase likewise. With neither, the demo
 * publisher key in demo/ (labelled demo material) is used and the build says so. The key and the
 * passphrase never appear in a message: only the variable or file name does.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildError } from './errors.js';

export const KEY_VAR = 'ADVISORY_FEED_SIGNING_KEY';
export const KEY_FILE_VAR = 'ADVISORY_FEED_SIGNING_KEY_FILE';
export const PASSPHRASE_VAR = 'ADVISORY_FEED_PASSPHRASE';
export const PASSPHRASE_FILE_VAR = 'ADVISORY_FEED_PASSPHRASE_FILE';

/** The demo publisher key shipped with the tool (never a real key). */
export const DEMO_KEY_FILE = fileURLToPath(new URL('../../demo/publisher.sec.asc', import.meta.url));
export const DEMO_PASSPHRASE = undefined;

export interface SigningKeySource {
  armored: string;
  passphrase: string | undefined;
  /** Human description for messages: `$ADVISORY_FEED_SIGNING_KEY`, a file path, or `demo key ...`. */
  source: string;
  demo: boolean;
}

export async function resolveSigningKey(env: Record<string, string | undefined>, cwd: string): Promise<SigningKeySource> {
  const inline = nonEmpty(env[KEY_VAR]);
  const file = nonEmpty(env[KEY_FILE_VAR]);
  if (inline !== undefined && file !== undefined) {
    throw buildError('BUILD_OPTION_INVALID', `Expected one of $${KEY_VAR} and $${KEY_FILE_VAR}, got both`, { hint: 'Unset one of them.' });
  }
  const passphrase = await readPassphrase(env, cwd);
  if (inline !== undefined) return { armored: inline, passphrase, source: `$${KEY_VAR}`, demo: false };
  if (file !== undefined) {
    const full = path.resolve(cwd, file);
    return { armored: await readKeyFile(full, `$${KEY_FILE_VAR}`), passphrase, source: full, demo: false };
  }
  return { armored: await readKeyFile(DEMO_KEY_FILE, 'the demo key'), passphrase: passphrase ?? DEMO_PASSPHRASE, source: `demo key ${DEMO_KEY_FILE}`, demo: true };
}

async function readPassphrase(env: Record<string, string | undefined>, cwd: string): Promise<string | undefined> {
  const inline = env[PASSPHRASE_VAR];
  const file = nonEmpty(env[PASSPHRASE_FILE_VAR]);
  if (inline !== undefined && inline !== '' && file !== undefined) {
    throw buildError('BUILD_OPTION_INVALID', `Expected one of $${PASSPHRASE_VAR} and $${PASSPHRASE_FILE_VAR}, got both`, { hint: 'Unset one of them.' });
  }
  if (file === undefined) return nonEmpty(inline);
  const full = path.resolve(cwd, file);
  try {
    // One trailing newline is what `echo` and editors add; it is not part of the passphrase.
    return (await readFile(full, 'utf8')).replace(/\r?\n$/, '');
  } catch (cause) {
    throw buildError('BUILD_KEY_MISSING', `Expected a readable passphrase file at ${full} ($${PASSPHRASE_FILE_VAR}), got ${errnoOf(cause)}`, {
      cause,
      hint: `Fix $${PASSPHRASE_FILE_VAR} or unset it.`,
    });
  }
}

async function readKeyFile(full: string, what: string): Promise<string> {
  try {
    return await readFile(full, 'utf8');
  } catch (cause) {
    throw buildError('BUILD_KEY_MISSING', `Expected the signing key at ${full} (${what}), got ${errnoOf(cause)}`, {
      cause,
      hint: `Set $${KEY_FILE_VAR} to the publisher's secret key file, or $${KEY_VAR} to the armoured key.`,
    });
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

function errnoOf(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? 'an error';
}
