/**
 * Reads and inspects a partner's key files (partners/keys/NAME.asc). A secret key is always an
 * error, whatever the partner's status: it is a leak. Fitness problems (expired, revoked, weak,
 * unsupported) matter only for active partners, who must be encryptable today.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { isFeedError } from '../feed/errors.js';
// Namespace import on purpose: scripts/feed/openpgp.ts may still be a contract stub, and a missing
// named export would break loading this module; a missing function only breaks key checks.
import * as crypto from '../feed/openpgp.js';
import type { ContentCode } from './codes.js';
import type { ParsedYaml } from './parse-yaml.js';
import { Problems } from './problems.js';
import { readTextFile } from './read-text-file.js';
import { KEY_FILE } from './schemas.js';
import type { PartnerKey } from './types.js';

export const KEYS_DIR = 'partners/keys';

/** The key file names in partners/keys/ (KEY_FILE), sorted; none when there is no such folder. */
export async function listKeyFiles(root: string): Promise<string[]> {
  try {
    return (await readdir(path.join(root, KEYS_DIR))).filter((name) => KEY_FILE.test(name)).sort();
  } catch {
    return []; // no keys folder: loading reports what is missing
  }
}

/**
 * The key files `names` (listKeyFiles) read as checkPartnerKeys reads the files partners name (the
 * same reader: inside the root, at most MAX_FILE_BYTES, strict UTF-8), for the build's keyring to
 * inspect ahead (feed/openpgp/keyring.ts). A file it cannot read is left out: loading reports it
 * if a partner names it.
 */
export async function readKeyFiles(root: string, names: readonly string[]): Promise<crypto.KeyFile[]> {
  const ignored = new Problems();
  const files: crypto.KeyFile[] = [];
  for (const name of names) {
    const rel = `${KEYS_DIR}/${name}`;
    const armored = await readTextFile(root, rel, ignored);
    if (armored !== undefined) files.push({ armored, path: rel });
  }
  return files;
}

/** inspectKey's signature: the build runs it on its keyring's thread (feed/openpgp/keyring.ts). */
export type InspectKey = (armored: string, now: Date, path: string) => Promise<crypto.KeyReport>;

interface Context {
  file: string;
  lineOf: ParsedYaml['lineOf'];
  active: boolean;
  now: Date;
  problems: Problems;
  inspectKey: InspectKey;
  /** Files read already (e.g. by readKeyFiles), by path: a key in it is inspected as it was read then; one read here is added. */
  read?: Map<string, string>;
}

export async function checkPartnerKeys(root: string, names: string[], ctx: Context): Promise<PartnerKey[]> {
  const keys: PartnerKey[] = [];
  for (const [i, name] of names.entries()) {
    const at = { path: ctx.file, line: ctx.lineOf(['keys', i]) };
    if (!KEY_FILE.test(name)) {
      ctx.problems.add('PATH_UNSAFE', `Expected a file name like \`acme-2025.asc\` in ${KEYS_DIR}/, got ${JSON.stringify(name)}`, at);
      continue;
    }
    const keyPath = `${KEYS_DIR}/${name}`;
    // A file not read before, or unreadable then, is read here, which reports what is wrong with it.
    const armored = ctx.read?.get(keyPath) ?? await readTextFile(root, keyPath, ctx.problems, { at, missingCode: 'KEY_MISSING' });
    if (armored === undefined) continue;
    ctx.read?.set(keyPath, armored);
    const key = await inspectOne(armored, keyPath, at, ctx);
    if (key !== undefined) keys.push(key);
  }
  return keys;
}

async function inspectOne(armored: string, keyPath: string, at: { path: string; line: number }, ctx: Context): Promise<PartnerKey | undefined> {
  let report: crypto.KeyReport;
  try {
    report = await ctx.inspectKey(armored, ctx.now, keyPath);
  } catch (error) {
    if (!isFeedError(error)) throw error;
    ctx.problems.add('KEY_UNREADABLE', `Expected an OpenPGP public key in ${keyPath}, got: ${error.message}`, { ...at, cause: error });
    return undefined;
  }
  // One problem per code and key: a weak primary key and its weak subkey are one finding.
  const byCode = new Map<ContentCode, string[]>();
  for (const problem of report.problems) {
    if (problem.code !== 'KEY_SECRET' && !ctx.active) continue;
    byCode.set(problem.code, [...(byCode.get(problem.code) ?? []), problem.message]);
  }
  for (const [code, messages] of byCode) {
    const hint = HINTS[code];
    ctx.problems.add(code, `${keyPath} (${report.fingerprint}): ${messages.join('; ')}`, { ...at, ...(hint === undefined ? {} : { hint }) });
  }
  const usable = report.problems.length === 0 && report.canEncrypt && !report.secret;
  const key: PartnerKey = { path: keyPath, fingerprint: report.fingerprint, armored, usable };
  if (!usable) key.problem = report.problems.map((p) => p.message).join('; ') || 'cannot encrypt';
  if (report.expires !== undefined) key.expires = report.expires;
  return key;
}

const HINTS: Partial<Record<ContentCode, string>> = {
  KEY_SECRET: 'SECRET KEY MATERIAL IN THE CONTENT REPO: remove it from git history and ask the partner for a new key',
  KEY_EXPIRED: 'Ask the partner for a key with a later expiry (or to extend this one)',
  KEY_REVOKED: 'Ask the partner for their new key and remove the revoked one',
  KEY_WEAK: 'Ask the partner for an RSA >= 3072 or Curve25519 (v4) key',
  KEY_UNSUPPORTED: 'GnuPG 2.2 cannot use it: ask for a v4 key (RSA or legacy Curve25519)',
};
