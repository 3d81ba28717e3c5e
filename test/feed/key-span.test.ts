/**
 * scripts/feed/openpgp/key-span.ts: the span around a moment in which a key is judged alike. Its
 * ends are the key's own moments (expiry, a revocation dated later), and at any second inside it
 * openpgp.js (inspectKey, the encryption keys) gives the very answer it gives at the moment.
 */
import { enums, generateKey, readKey, readPrivateKey, revokeKey, type Key } from 'openpgp';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { inspectKey } from '../../scripts/feed/openpgp.js';
import { keySpan, spanHolds } from '../../scripts/feed/openpgp/key-span.js';
import { checkKey } from '../../scripts/feed/openpgp/keyring-jobs.js';
import { makeKey } from '../helpers/keys.js';

const created = new Date('2026-01-01T00:00:00Z');
const at = (days: number, seconds = 0) => new Date(created.getTime() + days * 86_400_000 + seconds * 1000);
const sec = (date: Date) => date.getTime() / 1000;

const lasting = await makeKey({ name: 'Lasting', created, extraEncryptionSubkeys: 1 });
const expiring = await makeKey({ name: 'Expiring', created, expiresIn: 30 * 86_400 });
/** Revoked with a signature dated 20 days in: retired (soft), or with no reason (hard, so for all time). */
const revokedLater = async (reason: 'retired' | 'none') => {
  const made = await makeKey({ name: 'Revoked later', created });
  const reasonForRevocation = reason === 'retired' ? { flag: enums.reasonForRevocation.keyRetired, string: 'retired' } : undefined;
  const key = await readPrivateKey({ armoredKey: made.secret });
  const { publicKey } = await revokeKey({ key, date: at(20), format: 'armored', ...(reasonForRevocation ? { reasonForRevocation } : {}) });
  return publicKey;
};
const retiredLater = await revokedLater('retired');
/** Two encryption subkeys, the first of which expires 10 days in. */
const { publicKey: subkeyExpiring } = await generateKey({
  type: 'ecc', userIDs: [{ name: 'Subkey expiring', email: 'subkey@example.test' }], date: created,
  subkeys: [{ keyExpirationTime: 10 * 86_400 }, {}], format: 'armored',
});
const compromisedLater = await revokedLater('none');
const withoutMoment = (check: Awaited<ReturnType<typeof checkKey>>) => ({ ...check, report: { ...check.report, problems: check.report.problems.map((p) => p.code) } });
const parsed = (armored: string): Promise<Key> => readKey({ armoredKey: armored });

test('a key that never expires: judged alike from its last moment on, and not before it was made', async () => {
  const key = await parsed(lasting.public);
  assert.equal(keySpan(key, at(10)), { after: sec(created), before: null });
  assert.equal(keySpan(key, at(-1)), { after: null, before: sec(created) });
  assert.is(keySpan(key, created), undefined, 'a moment of the key itself holds only for its own second');
});

test('an expiring key: the span ends the second it expires, where the judgement changes', async () => {
  const key = await parsed(expiring.public);
  const span = keySpan(key, at(1));
  assert.equal(span, { after: sec(created), before: sec(at(30)) });
  assert.ok(span !== undefined && spanHolds(span, at(30, -1)) && !spanHolds(span, at(30)) && !spanHolds(span, created));
  assert.is((await inspectKey(expiring.public, at(30, -1))).problems.length, 0);
  assert.equal((await inspectKey(expiring.public, at(30))).problems.map((p) => p.code), ['KEY_EXPIRED']);
});

test('a key retired by a revocation dated later: the span ends at its date', async () => {
  const span = keySpan(await parsed(retiredLater), at(1));
  assert.equal(span, { after: sec(created), before: sec(at(20)) });
  assert.is((await inspectKey(retiredLater, at(20, -1))).revoked, false);
  assert.is((await inspectKey(retiredLater, at(20, 1))).revoked, true);
});

test('an encryption subkey that expires ends the span, and leaves the encryption keys then', async () => {
  assert.equal(keySpan(await parsed(subkeyExpiring), at(1)), { after: sec(created), before: sec(at(10)) });
  assert.is((await checkKey(subkeyExpiring, at(1), 'k/s.asc')).encryptionKeys.length, 2);
  const later = await checkKey(subkeyExpiring, at(11), 'k/s.asc');
  assert.is(later.encryptionKeys.length, 1);
  assert.equal(later.span, { after: sec(at(10)), before: null });
});

test('a hard revocation counts at every moment (openpgp.js), so the key is never fit and never kept', async () => {
  for (const moment of [at(1), at(30)]) {
    const check = await checkKey(compromisedLater, moment, 'k/compromised.asc');
    assert.is(check.report.revoked, true);
    assert.is(check.span, undefined);
  }
});

test('at any second of a span, a check is the one made at the moment', async () => {
  for (const [armored, name] of [[lasting.public, 'lasting'], [expiring.public, 'expiring'], [retiredLater, 'retired later'], [compromisedLater, 'compromised'], [subkeyExpiring, 'subkey expiring']] as const) {
    for (const moment of [at(1), at(12), at(25), at(40)]) {
      const check = await checkKey(armored, moment, `partners/keys/${name}.asc`);
      const span = keySpan(await parsed(armored), moment);
      assert.ok(span !== undefined);
      for (const other of [at(0, 1), at(9, 86_399), at(10, 1), at(19, 86_399), at(29, 3600), at(31), at(400)].filter((d) => spanHolds(span, d))) {
        const again = await checkKey(armored, other, `partners/keys/${name}.asc`);
        // A problem's message names the moment it was judged at; what it says is the same.
        assert.equal(withoutMoment(again), withoutMoment(check), `${name}: ${moment.toISOString()} and ${other.toISOString()}`);
        if (check.span !== undefined) assert.equal(again, check, 'a check kept (fit keys only) is the very one');
      }
    }
  }
});

test('checkKey: encryption keys and a span only for a key fit to be a recipient', async () => {
  const fit = await checkKey(lasting.public, at(1), 'k/lasting.asc');
  assert.is(fit.encryptionKeys.length, 2, 'both encryption subkeys');
  assert.equal(fit.span, { after: sec(created), before: null });
  const unfit = await checkKey(expiring.public, at(31), 'k/expiring.asc');
  assert.equal(unfit.encryptionKeys, []);
  assert.is(unfit.span, undefined);
  assert.is((await checkKey(lasting.secret, at(1), 'k/leak.asc')).span, undefined, 'a secret key is reported every time');
});

test.run();
