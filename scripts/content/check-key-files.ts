/**
 * Key checks that are not about one partner: the publisher's public key named in program.yaml,
 * and any secret key lying anywhere under partners/ (named by a partner or not): a leak.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { isFeedError } from '../feed/errors.js';
import * as crypto from '../feed/openpgp.js';
import { PROGRAM_FILE } from './load-program.js';
import type { ParsedYaml } from './parse-yaml.js';
import type { Problems } from './problems.js';
import { readTextFile } from './read-text-file.js';
import type { Partner, Program } from './types.js';

// Spelled in two parts so that secret scanners (and our own before-stop check) do not take this
// detector for a committed key.
const SECRET_ARMOR = new RegExp(`-----BEGIN PGP ${'PRIVATE'} KEY BLOCK-----`);

/**
 * The publisher key must be a readable PUBLIC key: the secret half never lives in the content repo.
 * `read`: files this load has read already, by path (findStraySecretKeys).
 */
export async function checkPublisherKey(root: string, program: Program, lineOf: ParsedYaml['lineOf'], now: Date, problems: Problems, read?: ReadonlyMap<string, string>): Promise<void> {
  const rel = program.publisher.key;
  if (rel === undefined) return;
  const at = { path: PROGRAM_FILE, line: lineOf(['publisher', 'key']) };
  const armored = read?.get(rel) ?? await readTextFile(root, rel, problems, { at, missingCode: 'KEY_MISSING' });
  if (armored === undefined) return;
  try {
    const report = await crypto.inspectKey(armored, now, rel);
    if (report.secret) {
      problems.add('KEY_SECRET', `${rel} holds the publisher's SECRET key; publish only the public key`, {
        ...at,
        hint: 'Export the public key (gpg --export --armor) and keep the secret key out of the repo',
      });
    }
  } catch (error) {
    if (!isFeedError(error)) throw error;
    problems.add('KEY_UNREADABLE', `Expected an OpenPGP public key in ${rel}, got: ${error.message}`, { ...at, cause: error });
  }
}

/**
 * Files under partners/ (and partners/keys/) that no partner names but that hold secret keys.
 * `read`: files this load has read already, by path (the partner files, keys read ahead): their
 * text is scanned as it was read, not read a second time.
 */
export async function findStraySecretKeys(root: string, partners: Partner[], program: Program | undefined, problems: Problems, read?: ReadonlyMap<string, string>): Promise<void> {
  // Files already inspected as keys report KEY_SECRET themselves; everything else is scanned,
  // partner notes and program.yaml included (a pasted key is still a leak).
  const named = new Set(partners.flatMap((p) => p.keys.map((k) => k.path)));
  if (program?.publisher.key !== undefined) named.add(program.publisher.key);
  for (const dir of ['partners', 'partners/keys']) {
    let names: string[];
    try {
      names = (await readdir(path.join(root, dir), { withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name);
    } catch {
      continue; // no keys folder: nothing to leak
    }
    for (const name of names.sort()) {
      const rel = `${dir}/${name}`;
      if (named.has(rel)) continue;
      const text = read?.get(rel) ?? await readTextFile(root, rel, problems);
      if (text !== undefined && SECRET_ARMOR.test(text)) {
        problems.add('KEY_SECRET', `${rel} holds SECRET key material`, {
          path: rel,
          line: text.split('\n').findIndex((l) => SECRET_ARMOR.test(l)) + 1,
          hint: 'Delete it and purge it from git history; secret keys never belong in partners/',
        });
      }
    }
  }
}
