/**
 * The partner keys of a build on the keyring's worker thread (scripts/build/load.ts,
 * recipients.ts, feed/openpgp/keyring.ts): the same problems and warnings, the same recipient
 * sets, and items and indexes that the members of each group open and others cannot; a rebuild
 * after a member's suspension reseals the group for the others only. Recipient headers are made
 * only for the groups that seal something.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { GroupIndex } from '../../scripts/feed/format.js';
import { STATE_FILE, parseState } from '../../scripts/build/state/build-state.js';
import { openSealed, readSecretKey } from '../../scripts/feed/openpgp.js';
import { rejectsWithCode } from '../helpers/assert.js';
import { NOW, later, standardCorpus } from './corpus-fixture.js';
import { build, openAs, tempOut } from './fixture.js';

test('a build whose keys the keyring\'s worker checks publishes what one without it does', async () => {
  const { corpus, keys } = await standardCorpus();
  try {
    const inThread = await tempOut();
    const inWorker = await tempOut();
    const here = await build(corpus, inThread, NOW, { keyringWorker: false });
    const there = await build(corpus, inWorker, NOW, { keyringWorker: true });
    assert.is(there.keyring?.answeredHere, 0, 'the worker answered every key, set and header');
    assert.equal(there.problems, here.problems);
    assert.equal(there.warnings, here.warnings);
    assert.equal(there.report, here.report);
    const state = async (out: string) => {
      const key = await readSecretKey(corpus.publisher.secret);
      return parseState(await openSealed(await readFile(path.join(out, STATE_FILE)), { decryptionKey: key, publisher: key.certificate }));
    };
    const recipientsIds = async (out: string) => Object.entries((await state(out)).groups).map(([id, g]) => [id, g.recipientsId]);
    assert.equal(await recipientsIds(inWorker), await recipientsIds(inThread));

    const members = { partners: keys.acme[1], trusted: keys.bolt };
    const outsiders = { partners: keys.bolt, trusted: keys.acme[0] };
    for (const [group, member] of Object.entries(members)) {
      const index = (await openAs(member, corpus.publisher, await readFile(path.join(inWorker, `groups/${group}/index.pgp`)))) as GroupIndex;
      assert.ok(index.items.length > 0, group);
      for (const entry of index.items) {
        const item = await readFile(path.join(inWorker, `groups/${group}`, entry.path));
        await openAs(member, corpus.publisher, item);
        await rejectsWithCode(openAs(outsiders[group as keyof typeof outsiders], corpus.publisher, item), 'DECRYPT_FAILED');
        await rejectsWithCode(openAs(keys.shady, corpus.publisher, item), 'DECRYPT_FAILED');
      }
    }

    // acme is suspended: its group is sealed anew for nobody but the members left.
    await corpus.partner({ id: 'acme', groups: ['partners'], status: 'suspended', keys: keys.acme });
    await corpus.partner({ id: 'newco', groups: ['partners'], keys: [keys.shady] });
    const rebuilt = await build(corpus, inWorker, later(1), { keyringWorker: true });
    assert.is(rebuilt.keyring?.answeredHere, 0);
    const index = await readFile(path.join(inWorker, 'groups/partners/index.pgp'));
    await openAs(keys.shady, corpus.publisher, index);
    await rejectsWithCode(openAs(keys.acme[0], corpus.publisher, index), 'DECRYPT_FAILED');
    assert.not.equal(await recipientsIds(inWorker), await recipientsIds(inThread));
  } finally {
    await corpus.dispose();
  }
});

test('recipient headers are made for the groups that seal something: every group at first, none in a no-op, one for an edit only it sees', async () => {
  const { corpus } = await standardCorpus();
  try {
    const out = await tempOut();
    const cold = await build(corpus, out, NOW, { keyringWorker: true });
    assert.is(cold.keyring?.headersStarted, 2, 'partners and trusted');
    const noop = await build(corpus, out, NOW, { keyringWorker: true });
    assert.equal(noop.written, []);
    assert.is(noop.keyring?.headersStarted, 0);
    // ADV-2025-0003 is embargoed for everyone but trusted at NOW.
    await corpus.advisory({
      id: 'ADV-2025-0003',
      title: 'Embargoed CANARY-0003-title',
      release: { poc: '2025-07-05T00:00:00Z', partner: '2025-07-20T00:00:00Z', public: '2025-08-01T00:00:00Z' },
      body: 'CANARY-0003-base, revised',
      sections: [{ tier: 'partner', text: 'CANARY-0003-partner' }],
    });
    const edit = await build(corpus, out, NOW, { keyringWorker: true });
    assert.equal(edit.written.filter((f) => f.startsWith('groups/')).map((f) => f.split('/')[1]), ['trusted', 'trusted']);
    assert.is(edit.keyring?.answeredHere, 0);
    assert.is(edit.keyring?.headersStarted, 1);
  } finally {
    await corpus.dispose();
  }
});

test.run();
