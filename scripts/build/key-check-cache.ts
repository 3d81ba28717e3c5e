/**
 * Partner key checks kept from one build to the next (speed only). Every build judges each
 * partner key at --now, each group's recipients at the clock's time, and makes the recipient
 * headers of the groups that seal: ~900 signature checks at 450 keys, ~0.9 s of a no-op
 * rebuild's 5 s. A check of a key fit to be a recipient is kept under its file's text (hashed),
 * with the span in which it holds (feed/openpgp/key-span.ts: until the key's next moment, an
 * expiry or a signature dated later), and taken as it is while both the text and the span hold
 * (feed/openpgp/keyring.ts `known`, feed/openpgp/kept-header.ts). A key with anything to report
 * is checked on every build.
 *
 * Trust: the same as the advisory cache beside it (content/advisory-cache.ts), in the content
 * repository and never in --out; whoever can write there can write partners/keys/ itself. The
 * salt is the OpenPGP code and the openpgp.js version, and an entry of any other shape is not used.
 */
import { readCacheEntries, worthRewriting, writeCacheEntries } from '../content/cache-files.js';
import { codeFingerprint } from '../feed/code-fingerprint.js';
import { sha256Hex } from '../feed/hash.js';
import type { KeyCheck, KnownKeyChecks } from '../feed/openpgp.js';

const CACHE_FILE = 'key-checks.json';
/** What judges a key: the OpenPGP wrapper (its rules and config) and openpgp.js. */
const KEY_CODE = { sources: ['scripts/feed/openpgp'], packages: ['openpgp'] };

export interface KeyCheckCache extends KnownKeyChecks {
  /** Writes the cache when enough changed (content/cache-files.ts worthRewriting): checks used by this run only. */
  save(): Promise<void>;
}

export async function openKeyCheckCache(root: string): Promise<KeyCheckCache> {
  const salt = await codeFingerprint(KEY_CODE.sources, KEY_CODE.packages);
  const previous = await readCacheEntries(root, CACHE_FILE, salt);
  /** SHA-256 of the key file's text -> its check. */
  const used = new Map<string, KeyCheck>();
  let made = 0;
  return {
    get(armored) {
      const key = sha256Hex(armored);
      const check = used.get(key) ?? previous[key];
      if (!isKeyCheck(check)) return undefined;
      used.set(key, check);
      return check;
    },
    set(armored, check) {
      used.set(sha256Hex(armored), check);
      made++;
    },
    async save() {
      const unused = Object.keys(previous).filter((key) => !used.has(key)).length;
      if (!worthRewriting(made, unused, used.size)) return;
      await writeCacheEntries(root, CACHE_FILE, salt, used);
    },
  };
}

/** The shape checkKey gives a key fit to be a recipient; anything else is not taken. */
function isKeyCheck(value: unknown): value is KeyCheck {
  if (!isObject(value) || !isObject(value.report) || !isObject(value.span) || !isObject(value.cipher)) return false;
  const { report, span, encryptionKeys, cipher } = value;
  const fit = report.canEncrypt === true && report.revoked === false && report.secret === false && Array.isArray(report.problems) && report.problems.length === 0;
  const fields = typeof report.fingerprint === 'string' && typeof report.version === 'number' && typeof report.algorithm === 'string' && typeof report.created === 'string'
    && (report.bits === undefined || typeof report.bits === 'number') && (report.expires === undefined || typeof report.expires === 'string');
  const keys = Array.isArray(encryptionKeys) && encryptionKeys.length > 0 && encryptionKeys.every((k) => typeof k === 'string' && /^[0-9A-F]{40}$/.test(k));
  const moments = [span.after, span.before].every((m) => m === null || Number.isInteger(m));
  const preferences = Array.isArray(cipher.symmetric) && cipher.symmetric.every((a) => Number.isInteger(a)) && typeof cipher.seipdv2 === 'boolean';
  return fit && fields && keys && moments && preferences;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
