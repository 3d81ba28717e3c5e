/**
 * The strongest form of "a removed member reads nothing new" (feed-format §5.3, threat model P3):
 * a partner moved out of the PoC group (the 2025 early-warning scenario) keeps its secret key AND
 * every session key it ever recovered from that group's files; nothing the group receives after
 * the move opens with any of them. Uses openpgp.js directly, as an attacker would.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { decrypt, decryptSessionKeys, readMessage, readPrivateKey } from 'openpgp';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Corpus, corpusKey } from '../helpers/corpus.js';
import { build, tempOut } from '../build/fixture.js';

const moved = suite('adversarial session keys: a partner moved out of the PoC group');

type SessionKey = { data: Uint8Array; algorithm: string };

async function groupFiles(out: string, group: string): Promise<Map<string, Uint8Array>> {
  const dir = path.join(out, 'groups', group);
  const files = new Map<string, Uint8Array>();
  for (const name of await readdir(dir, { recursive: true })) {
    if (name.endsWith('.pgp')) files.set(name, await readFile(path.join(dir, name)));
  }
  return files;
}

async function openWith(bytes: Uint8Array, sessionKey: SessionKey): Promise<string | undefined> {
  try {
    const message = await readMessage({ binaryMessage: bytes });
    const { data } = await decrypt({ message, sessionKeys: sessionKey as never, format: 'binary' });
    return new TextDecoder().decode(data as Uint8Array);
  } catch {
    return undefined;
  }
}

moved('with its key and every session key it recovered, it opens nothing the group gets after the move', async () => {
  const corpus = await Corpus.create();
  const [bolt, cara] = [await corpusKey({ name: 'Bolt' }), await corpusKey({ name: 'Cara' })];
  await corpus.partner({ id: 'bolt', groups: ['trusted'], keys: [bolt] });
  await corpus.partner({ id: 'cara', groups: ['partners', 'trusted'], keys: [cara] });
  const release = { poc: '2025-06-01T00:00:00Z', partner: '2025-06-10T00:00:00Z', public: '2025-08-01T00:00:00Z' };
  await corpus.advisory({ id: 'ADV-2025-0001', release, body: 'Base', sections: [{ tier: 'poc', text: 'CANARY-POC-BEFORE' }] });
  const out = await tempOut();
  await build(corpus, out, '2025-07-01T00:00:00Z');

  // Bolt recovers the session key of every trusted file it can read.
  const boltKey = await readPrivateKey({ armoredKey: bolt.secret });
  const before = await groupFiles(out, 'trusted');
  const stolen: SessionKey[] = [];
  for (const bytes of before.values()) {
    const [key] = await decryptSessionKeys({ message: await readMessage({ binaryMessage: bytes }), decryptionKeys: boltKey });
    if (key !== undefined) stolen.push(key as SessionKey);
  }
  assert.ok(stolen.length >= 2, 'index and item session keys recovered');
  assert.ok((await openWith([...before.values()][0]!, stolen[0]!)) !== undefined, 'a stolen session key opens the files of its build (the test can see a leak)');

  // The publisher moves Bolt out of the PoC group; new PoC material arrives.
  await corpus.partner({ id: 'bolt', groups: ['partners'], keys: [bolt] });
  await corpus.advisory({ id: 'ADV-2025-0002', release, body: 'Second', sections: [{ tier: 'poc', text: 'CANARY-POC-AFTER' }] });
  await build(corpus, out, '2025-07-02T00:00:00Z');

  const after = await groupFiles(out, 'trusted');
  const fresh = [...after].filter(([name, bytes]) => !before.has(name) || Buffer.compare(Buffer.from(before.get(name)!), Buffer.from(bytes)) !== 0);
  assert.ok(fresh.some(([name]) => name === 'index.pgp') && fresh.length >= 3, 'the index and both items were sealed anew');
  for (const [name, bytes] of fresh) {
    for (const key of stolen) assert.is(await openWith(bytes, key), undefined, `${name} opens with a session key from before the move`);
    const own = await decryptSessionKeys({ message: await readMessage({ binaryMessage: bytes }), decryptionKeys: boltKey }).then(() => true, () => false);
    assert.not.ok(own, `${name} opens with Bolt's key`);
  }
  await corpus.dispose();
});

moved.run();
