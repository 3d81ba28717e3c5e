/**
 * The keyring (scripts/feed/openpgp/keyring.ts): in a worker thread it answers exactly what the
 * same functions answer in this thread (inspectKey, the recipient set createSealer would use, a
 * sealer members can open), and what the worker cannot answer is done again here, with the typed
 * error of this thread.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createKeyring, createSealer, inspectKey, openSealed, readCertificate, readSecretKey, type KeyCheck, type Keyring, type KnownKeyChecks } from '../../scripts/feed/openpgp.js';
import { rejectsWithCode } from '../helpers/assert.js';
import { makeKey, type TestKey } from '../helpers/keys.js';

const NOW = new Date('2026-03-01T00:00:00Z');
const created = new Date('2026-01-01T00:00:00Z');
const publisherKey = await makeKey({ name: 'Publisher', created });
const publisher = await readSecretKey(publisherKey.secret);
const alice = await makeKey({ name: 'Alice', created, extraEncryptionSubkeys: 1 });
const bob = await makeKey({ name: 'Bob', created });
const expired = await makeKey({ name: 'Expired', created, expiresIn: 3600 });
const signOnly = await makeKey({ name: 'Signing only', created, signOnly: true });
const expiresSoon = await makeKey({ name: 'Expires soon', created, expiresIn: 69 * 86_400 }); // 2026-03-11
const keyFile = (key: TestKey, name: string) => ({ armored: key.public, path: `partners/keys/${name}.asc` });

/** A keyring with a worker, closed after `use` whatever happens. */
async function withWorker(use: (keyring: Keyring) => Promise<void>, options: Parameters<typeof createKeyring>[0] = {}): Promise<void> {
  const keyring = createKeyring({ ...options, worker: true });
  try {
    await use(keyring);
  } finally {
    await keyring.close();
  }
}

test('a worker inspects keys as inspectKey does, and reports an unreadable one with its code', async () => {
  await withWorker(async (keyring) => {
    for (const [key, name] of [[alice, 'alice'], [expired, 'expired'], [signOnly, 'sign-only']] as const) {
      const file = keyFile(key, name);
      assert.equal(await keyring.inspect(file.armored, NOW, file.path), await inspectKey(file.armored, NOW, file.path), name);
    }
    const secret = await keyring.inspect(alice.secret, NOW, 'partners/keys/leak.asc');
    assert.equal(secret.problems.map((p) => p.code), ['KEY_SECRET']);
    assert.is(keyring.answeredHere, 0, 'the worker answered every readable key');
    await rejectsWithCode(keyring.inspect('not a key', NOW, 'partners/keys/junk.asc'), 'KEY_UNREADABLE');
    assert.is(keyring.answeredHere, 1, 'the unreadable one was inspected again here');
  });
});

test('inspecting ahead: the worker starts with the files it is given, and answers for the text it is asked about', async () => {
  const ahead = [keyFile(alice, 'alice'), { armored: 'not a key', path: 'partners/keys/junk.asc' }];
  await withWorker(async (keyring) => {
    assert.equal(await keyring.inspect(alice.public, NOW, 'k/alice.asc'), await inspectKey(alice.public, NOW, 'k/alice.asc'));
    // A file changed since it was read ahead: the answer is for the text given now.
    assert.equal(await keyring.inspect(bob.public, NOW, 'k/alice.asc'), await inspectKey(bob.public, NOW, 'k/alice.asc'));
    await rejectsWithCode(keyring.inspect('not a key', NOW, 'k/junk.asc'), 'KEY_UNREADABLE');
    assert.is(keyring.answeredHere, 1);
  }, { ahead: { keys: ahead, now: NOW } });
});

test('recipient sets and sealers: the same keys as createSealer, and every member opens what is sealed', async () => {
  const keys = [keyFile(alice, 'alice'), keyFile(bob, 'bob')];
  const reference = await createSealer(publisher, await Promise.all(keys.map((k) => readCertificate(k.armored))), { date: NOW });
  const plaintext = new TextEncoder().encode('{"id":"ADV-1"}');
  for (const keyring of [createKeyring(), createKeyring({ worker: true })]) {
    try {
      const set = await keyring.recipients(keys, NOW);
      assert.is(set.recipientsId, reference.recipientsId);
      assert.equal(set.recipientKeys, reference.recipientKeys);
      assert.is(set.recipientKeys.length, 3, 'both of alice\'s encryption subkeys and bob\'s');
      // The first sealer takes the worker's header; a second one is made in this thread.
      const first = await set.sealer(publisher);
      assert.is(keyring.answeredHere, 0);
      const second = await set.sealer(publisher);
      for (const sealer of [first, second]) {
        assert.is(sealer.recipientsId, reference.recipientsId);
        const sealed = await sealer.seal(plaintext);
        for (const member of [alice, bob]) {
          const opened = await openSealed(sealed, { decryptionKey: await readSecretKey(member.secret), publisher: publisher.certificate });
          assert.equal(Buffer.from(opened), Buffer.from(plaintext));
        }
      }
    } finally {
      await keyring.close();
    }
  }
});

test('a recipient header is made only for a sealer, or ahead of one when asked (prepare), once', async () => {
  const keys = [keyFile(alice, 'alice'), keyFile(bob, 'bob')];
  const plaintext = new TextEncoder().encode('{"id":"ADV-2"}');
  for (const keyring of [createKeyring(), createKeyring({ worker: true })]) {
    try {
      // Three sets: one prepared ahead, one asked for a sealer only, one never sealed for.
      const [ahead, onDemand] = await Promise.all([keyring.recipients(keys, NOW), keyring.recipients(keys, NOW), keyring.recipients(keys, NOW)]);
      assert.is(keyring.headersStarted, 0, 'a recipient set alone makes no header');
      ahead.prepare();
      ahead.prepare();
      const sealers = [await ahead.sealer(publisher), await onDemand.sealer(publisher)];
      assert.is(keyring.headersStarted, 2, 'one header for the set prepared, one for the set asked, none for the third');
      assert.is(keyring.answeredHere, 0);
      for (const sealer of sealers) {
        const opened = await openSealed(await sealer.seal(plaintext), { decryptionKey: await readSecretKey(bob.secret), publisher: publisher.certificate });
        assert.equal(Buffer.from(opened), Buffer.from(plaintext));
      }
    } finally {
      await keyring.close();
    }
  }
});

test('a recipient without a usable key, or none at all, is refused with the code of this thread', async () => {
  await withWorker(async (keyring) => {
    await rejectsWithCode(keyring.recipients([keyFile(alice, 'alice'), keyFile(expired, 'expired')], NOW), 'KEY_UNUSABLE');
    await rejectsWithCode(keyring.recipients([keyFile(signOnly, 'sign-only')], NOW), 'KEY_UNUSABLE');
    await rejectsWithCode(keyring.recipients([], NOW), 'NO_RECIPIENTS');
    assert.is(keyring.answeredHere, 3, 'each refusal was made again here, for its typed error');
  });
});

test('a closed keyring still answers, in this thread', async () => {
  const keyring = createKeyring({ worker: true });
  const set = await keyring.recipients([keyFile(bob, 'bob')], NOW);
  assert.is(keyring.answeredHere, 0);
  await keyring.close();
  const sealer = await set.sealer(publisher);
  assert.is(sealer.recipientsId, set.recipientsId);
  assert.equal(await keyring.inspect(bob.public, NOW, 'k/bob.asc'), await inspectKey(bob.public, NOW, 'k/bob.asc'));
  assert.is(keyring.answeredHere, 2);
});

/** Checks kept in memory, as a build keeps them in its cache (build/key-check-cache.ts). */
function keptChecks(): KnownKeyChecks & { entries: Map<string, KeyCheck>; recorded: number } {
  const entries = new Map<string, KeyCheck>();
  return {
    entries,
    recorded: 0,
    get: (armored) => entries.get(armored),
    set(armored, check) {
      entries.set(armored, check);
      this.recorded++;
    },
  };
}

test('checks of earlier builds are taken while they hold, with no signature checked; made again once they do not', async () => {
  const known = keptChecks();
  const keys = [keyFile(alice, 'alice'), keyFile(bob, 'bob')];
  const first = createKeyring({ known });
  assert.equal(await first.inspect(alice.public, NOW, 'k/alice.asc'), await inspectKey(alice.public, NOW, 'k/alice.asc'));
  await first.inspect(bob.public, NOW, 'k/bob.asc');
  await first.inspect(expiresSoon.public, NOW, 'k/soon.asc');
  await first.inspect(expired.public, NOW, 'k/expired.asc');
  assert.equal(first.checked, { keys: 4, sets: 0 });
  assert.is(known.recorded, 3, 'the expired key, with a problem to report, is not kept');
  const reference = await first.recipients(keys, NOW);
  assert.equal(first.checked.sets, 0, 'a set made only of kept checks is not worked out');

  const plaintext = new TextEncoder().encode('{"id":"ADV-3"}');
  for (const worker of [false, true]) {
    const keyring = createKeyring({ known, worker, ahead: { keys, now: NOW } });
    try {
      // Every key ahead is answered by a kept check: no key to parse, no worker to start.
      assert.is(keyring.inWorker, false);
      assert.equal(await keyring.inspect(alice.public, NOW, 'k/alice.asc'), await inspectKey(alice.public, NOW, 'k/alice.asc'));
      const set = await keyring.recipients(keys, new Date('2026-06-01T00:00:00Z'));
      assert.equal(keyring.checked, { keys: 0, sets: 0 });
      assert.is(set.recipientsId, reference.recipientsId);
      assert.equal(set.recipientKeys, (await createKeyring().recipients(keys, NOW)).recipientKeys, 'the set openpgp.js works out');
      const sealed = await (await set.sealer(publisher)).seal(plaintext);
      for (const member of [alice, bob]) {
        assert.equal(Buffer.from(await openSealed(sealed, { decryptionKey: await readSecretKey(member.secret), publisher: publisher.certificate })), Buffer.from(plaintext));
      }
      assert.is(keyring.answeredHere, 0);
      // Past its expiry the kept check no longer holds: judged again, and expired.
      const after = new Date('2026-03-11T00:00:01Z');
      assert.equal((await keyring.inspect(expiresSoon.public, after, 'k/soon.asc')).problems.map((p) => p.code), ['KEY_EXPIRED']);
      await rejectsWithCode(keyring.recipients([keyFile(alice, 'alice'), keyFile(expiresSoon, 'soon')], after), 'KEY_UNUSABLE');
      assert.equal(keyring.checked, { keys: 1, sets: 1 });
    } finally {
      await keyring.close();
    }
  }
  assert.is(known.recorded, 3, 'nothing new to keep');
  // One key ahead that no kept check answers: the worker starts, to inspect it.
  const mixed = createKeyring({ known, worker: true, ahead: { keys: [...keys, keyFile(expired, 'expired')], now: NOW } });
  try {
    assert.is(mixed.inWorker, true);
    assert.equal((await mixed.inspect(expired.public, NOW, 'k/expired.asc')).problems.map((p) => p.code), ['KEY_EXPIRED']);
    assert.is(mixed.answeredHere, 0, 'answered by the worker');
  } finally {
    await mixed.close();
  }
});

test('a kept check naming keys the key file does not have: the sealer is refused (KEY_UNUSABLE)', async () => {
  const known = keptChecks();
  const bobs = (await createKeyring({ known }).recipients([keyFile(bob, 'bob')], NOW)).recipientKeys;
  await createKeyring({ known }).inspect(alice.public, NOW, 'k/alice.asc');
  const aliceCheck = known.entries.get(alice.public) as KeyCheck;
  known.entries.set(alice.public, { ...aliceCheck, encryptionKeys: [...bobs] });
  for (const worker of [false, true]) {
    const keyring = createKeyring({ known, worker });
    try {
      const set = await keyring.recipients([keyFile(alice, 'alice')], NOW);
      assert.equal(set.recipientKeys, bobs, 'the set is taken as kept');
      await rejectsWithCode(set.sealer(publisher), 'KEY_UNUSABLE');
    } finally {
      await keyring.close();
    }
  }
});

test.run();
