/**
 * `inspectKey`: what `check` reports about a partner key file, at a given time, without
 * trusting it. Mirrors the rules `createSealer` applies (feed-format §5.1).
 */
import { enums, type Key, type Subkey } from 'openpgp';
import { MIN_RSA_BITS, UNSUPPORTED_ALGORITHMS, WEAK_ALGORITHMS } from './config.js';
import { fingerprintOf, parseKey } from './handles.js';
import { encryptionTargets } from './recipients.js';
import type { KeyReport } from './types.js';

type Problem = KeyReport['problems'][number];

/** Inspects a key file; throws FeedError KEY_UNREADABLE when it is not an OpenPGP key. */
export async function inspectKey(armored: string | Uint8Array, now: Date, path?: string): Promise<KeyReport> {
  const key = await parseKey(armored, path);
  const info = key.getAlgorithmInfo();
  const version = key.keyPacket.version;
  const problems: Problem[] = [];
  const secret = key.isPrivate();
  if (secret) problems.push({ code: 'KEY_SECRET', message: 'Expected a public key, got secret key material (remove it and revoke the key if it was shared)' });
  if (version !== 4) problems.push({ code: 'KEY_UNSUPPORTED', message: `Expected an OpenPGP v4 key (GnuPG 2.2), got v${version}` });
  problems.push(...algorithmProblems(key));
  const revoked = await key.isRevoked(undefined, undefined, now);
  if (revoked) problems.push({ code: 'KEY_REVOKED', message: `Expected an unrevoked key, got one revoked at ${now.toISOString()}` });
  const primaryExpiry = await key.getExpirationTime();
  const expired = primaryExpiry instanceof Date && primaryExpiry.getTime() <= now.getTime();
  if (expired) problems.push({ code: 'KEY_EXPIRED', message: `Expected a key valid at ${now.toISOString()}, got one that expired ${primaryExpiry.toISOString()}` });
  const targets = revoked || expired ? [] : await encryptionTargets(key, now);
  const canEncrypt = targets.length > 0 && problems.every((p) => p.code === 'KEY_SECRET');
  if (!canEncrypt && problems.every((p) => p.code === 'KEY_SECRET')) {
    problems.push({ code: 'KEY_CANNOT_ENCRYPT', message: `Expected a valid encryption subkey at ${now.toISOString()}, got none (expired, revoked or signing-only subkeys)` });
  }
  const expires = await lastExpiry(primaryExpiry, targets.map((t) => t.component), now);
  return {
    fingerprint: fingerprintOf(key),
    version,
    secret,
    algorithm: info.algorithm,
    ...(info.bits === undefined ? {} : { bits: info.bits }),
    created: key.getCreationTime().toISOString(),
    ...(expires === undefined ? {} : { expires: expires.toISOString() }),
    revoked,
    canEncrypt,
    problems,
  };
}

/** Algorithms GnuPG 2.2 cannot read, and weak ones, in the primary key or any subkey. */
function algorithmProblems(key: Key): Problem[] {
  const problems: Problem[] = [];
  for (const component of [key, ...key.subkeys]) {
    const algorithm = component.keyPacket.algorithm as number;
    const { bits } = component.getAlgorithmInfo();
    const name = enums.read(enums.publicKey, algorithm);
    const which = component === key ? 'primary key' : `subkey ${fingerprintOf(component)}`;
    if (UNSUPPORTED_ALGORITHMS.has(algorithm)) {
      problems.push({ code: 'KEY_UNSUPPORTED', message: `Expected a legacy ECC or RSA ${which} (GnuPG 2.2), got ${name}` });
    } else if (WEAK_ALGORITHMS.has(algorithm)) {
      problems.push({ code: 'KEY_WEAK', message: `Expected RSA >= ${MIN_RSA_BITS} bits or ECC for the ${which}, got ${name}` });
    } else if (isRsa(algorithm) && bits !== undefined && bits < MIN_RSA_BITS) {
      problems.push({ code: 'KEY_WEAK', message: `Expected RSA >= ${MIN_RSA_BITS} bits for the ${which}, got ${bits}` });
    }
  }
  return problems;
}

function isRsa(algorithm: number): boolean {
  return algorithm === enums.publicKey.rsaEncryptSign || algorithm === enums.publicKey.rsaEncrypt || algorithm === enums.publicKey.rsaSign;
}

/** The earlier of the primary key's expiry and the latest expiry of its usable encryption keys. */
async function lastExpiry(primary: Date | number | null, components: (Key | Subkey)[], now: Date): Promise<Date | undefined> {
  let latest: number | undefined;
  for (const component of components) {
    const expiry = 'mainKey' in component ? await component.getExpirationTime(now) : Infinity;
    const ms = expiry instanceof Date ? expiry.getTime() : expiry === null ? undefined : Infinity;
    if (ms !== undefined && (latest === undefined || ms > latest)) latest = ms;
  }
  const primaryMs = primary instanceof Date ? primary.getTime() : Infinity;
  const result = Math.min(primaryMs, latest ?? Infinity);
  return Number.isFinite(result) ? new Date(result) : undefined;
}
