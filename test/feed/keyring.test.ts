/**
 * The keyring (scripts/feed/openpgp/keyring.ts): in a worker thread it answers exactly what the
 * same functions answer in this thread (inspectKey, the recipient set createSealer would use, a
 * sealer members can open), and what the worker cannot answer is done again here, with the typed
 * error of this thread.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createKeyring, createSealer, inspectKey, openSealed, readCertificate, readSecretKey, type Keyring } from '../../scripts/feed/openpgp.js';
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

test.run();
