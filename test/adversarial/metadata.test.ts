/**
 * What the output says about the program beyond the advisories (threat model P13, P14): the
 * partner list stays out of every file, the signing key's secret half is never written, and the
 * one documented leak of group files, the recipients' encryption key IDs, is pinned here so a
 * change to it is noticed.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { readKey } from 'openpgp';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { build, builtCorpus, groupText, LATER, snapshot, unencryptedTexts, type Built } from './world.js';

const meta = suite('adversarial metadata: partner list, signing key, recipient key ids');
let b: Built;
let files: Map<string, Buffer>;

meta.before(async () => {
  b = await builtCorpus();
  files = new Map();
  for (const file of (await snapshot(b.out)).keys()) files.set(file, await readFile(path.join(b.out, file)));
});
meta.after(() => b.corpus.dispose());

meta('no file and no file name holds a partner id, name, contact or key fingerprint', () => {
  const secrets = ['acme', 'bolt', 'Partner acme', 'partner.example', b.members.partners.fingerprint, b.members.trusted.fingerprint];
  for (const [file, bytes] of files) {
    const text = bytes.toString('latin1');
    for (const s of secrets) {
      assert.not.ok(file.toLowerCase().includes(s.toLowerCase()), `file name ${file} names ${s}`);
      assert.not.ok(text.toLowerCase().includes(s.toLowerCase()), `${file} holds ${s}`);
    }
  }
});

meta('the publisher\'s secret key is in no file: publisher.asc is the public key only', () => {
  const secretBody = b.corpus.publisher.secret.split('\n').filter((l) => /^[A-Za-z0-9+/]{60,}$/.test(l)).slice(4, 8);
  assert.ok(secretBody.length > 0);
  for (const [file, bytes] of files) {
    const text = bytes.toString('latin1');
    assert.not.ok(text.includes('PRIVATE KEY'), `${file} holds a private key block`);
    for (const line of secretBody) assert.not.ok(text.includes(line), `${file} holds secret key material`);
  }
  assert.match(files.get('publisher.asc')?.toString('utf8') ?? '', /BEGIN PGP PUBLIC KEY BLOCK/);
});

meta('documented leak: each group file names its recipients\' encryption key ids (PKESK), and only its own members\'', async () => {
  const keyId = async (armored: string) => {
    const key = await readKey({ armoredKey: armored });
    const sub = key.subkeys[0];
    assert.ok(sub !== undefined);
    return Buffer.from(sub.getKeyID().toHex(), 'hex');
  };
  const [acme, bolt] = [await keyId(b.members.partners.public), await keyId(b.members.trusted.public)];
  const partnersIndex = files.get('groups/partners/index.pgp') as Buffer;
  const trustedIndex = files.get('groups/trusted/index.pgp') as Buffer;
  assert.ok(partnersIndex.includes(acme) && !partnersIndex.includes(bolt), 'partners names acme\'s key id only');
  assert.ok(trustedIndex.includes(bolt) && !trustedIndex.includes(acme), 'trusted names bolt\'s key id only');
});

meta('revision history: an audience sees no revision (date or note) from before it could see the advisory', async () => {
  const c = await builtCorpus();
  await c.corpus.advisory({
    id: 'ADV-2025-0007',
    release: { poc: '2025-06-05T00:00:00Z', partner: '2025-06-15T00:00:00Z', public: '2025-06-25T00:00:00Z' },
    revisions: [
      { date: '2025-06-05T00:00:00Z', note: 'CANARY-REV-POC initial notice with proof of concept' },
      { date: '2025-06-15T00:00:00Z', note: 'CANARY-REV-PARTNER all partners told' },
      { date: '2025-06-25T00:00:00Z', note: 'CANARY-REV-PUBLIC public release' },
    ],
  });
  await build(c.corpus, c.out, LATER);
  const pub = [...(await unencryptedTexts(c.out)).values()].join('\n');
  const partners = await groupText(c.out, 'partners', c.members.partners, c.corpus.publisher);
  const trusted = await groupText(c.out, 'trusted', c.members.trusted, c.corpus.publisher);
  assert.ok(pub.includes('CANARY-REV-PUBLIC') && !pub.includes('CANARY-REV-PARTNER') && !pub.includes('CANARY-REV-POC'), 'public');
  assert.not.ok(pub.includes('2025-06-05') || pub.includes('2025-06-15'), 'no earlier revision date in public files');
  assert.ok(partners.includes('CANARY-REV-PARTNER') && !partners.includes('CANARY-REV-POC') && !partners.includes('2025-06-05'), 'partners');
  assert.ok(trusted.includes('CANARY-REV-POC') && trusted.includes('CANARY-REV-PUBLIC'), 'trusted sees the whole history');
  await c.corpus.dispose();
});

meta.run();
