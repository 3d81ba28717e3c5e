/**
 * End to end: a generated corpus built with real keys; every active member reads exactly its
 * group's index and items, with openpgp.js (the feed wrapper) and with the real gpg binary;
 * members of other groups, suspended and removed partners cannot.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { FORMAT_VERSION, type GroupIndex, type ItemDocument } from '../../scripts/feed/format.js';
import { sha256Hex } from '../../scripts/feed/hash.js';
import { corpusKey, type Corpus } from '../helpers/corpus.js';
import { GpgHome } from '../helpers/gpg.js';
import type { TestKey } from '../helpers/keys.js';
import { rejectsWithCode } from '../helpers/assert.js';
import { EXPECTED, NOW, standardCorpus, type Partners } from './corpus-fixture.js';
import { build, openAs, snapshot, tempOut } from './fixture.js';

const e2e = suite('build: end to end');
let corpus: Corpus;
let keys: Partners;
let out: string;

e2e.before(async () => {
  ({ corpus, keys } = await standardCorpus());
  out = await tempOut();
  await build(corpus, out, NOW);
});
e2e.after(() => corpus.dispose());

const read = (rel: string) => readFile(path.join(out, rel));

async function readGroup(group: string, key: TestKey): Promise<{ index: GroupIndex; items: ItemDocument[] }> {
  const index = (await openAs(key, corpus.publisher, await read(`groups/${group}/index.pgp`))) as GroupIndex;
  const items: ItemDocument[] = [];
  for (const entry of index.items) {
    const bytes = await read(`groups/${group}/${entry.path}`);
    assert.is(sha256Hex(bytes), entry.sha256, `sha256 of ${entry.path}`);
    assert.is(bytes.length, entry.size);
    assert.is(entry.path, `items/${entry.sha256}.pgp`);
    items.push((await openAs(key, corpus.publisher, bytes)) as ItemDocument);
  }
  return { index, items };
}

e2e('writes the documented layout: publisher key, state, one index and content-addressed items per group', async () => {
  const files = [...(await snapshot(out)).keys()];
  assert.ok(files.includes('publisher.asc'));
  assert.ok(files.includes('.state.pgp'));
  for (const group of ['partners', 'trusted']) assert.ok(files.includes(`groups/${group}/index.pgp`), group);
  assert.not.ok(files.some((f) => f.startsWith('groups/public/')), 'the public group has no encrypted feed');
  for (const f of files.filter((f) => f.startsWith('groups/'))) assert.match(f, /^groups\/(partners|trusted)\/(index\.pgp|items\/[0-9a-f]{64}\.pgp)$/);
  assert.is((await read('publisher.asc')).toString('utf8'), corpus.publisher.public);
});

e2e('every key of every active member reads exactly its group (openpgp.js)', async () => {
  for (const [group, key] of [['partners', keys.acme[0]], ['partners', keys.acme[1]], ['trusted', keys.bolt]] as const) {
    const { index, items } = await readGroup(group, key);
    assert.is(index.format, FORMAT_VERSION);
    assert.is(index.group, group);
    assert.is(index.sequence, 1);
    assert.is(index.publisher, corpus.publisher.fingerprint);
    assert.is(index.generated, new Date(NOW).toISOString());
    assert.is(Date.parse(index.expires) - Date.parse(NOW), 7 * 86400 * 1000);
    assert.equal(index.items.map((e) => e.id), EXPECTED[group]);
    assert.equal(items.map((i) => i.id), EXPECTED[group]);
    const withdrawn = index.items.find((e) => e.id === 'ADV-2025-0005');
    assert.is(withdrawn?.status, 'withdrawn');
    for (const item of items) {
      assert.is(item.format, FORMAT_VERSION);
      assert.not.ok('group' in item, 'items name no group');
      assert.match(item.html, /<p>/);
    }
  }
});

e2e('item HTML is rendered from the view, with heading ids from its own text', async () => {
  const { items } = await readGroup('trusted', keys.bolt);
  const first = items.find((i) => i.id === 'ADV-2025-0001');
  assert.match(first?.html ?? '', /<h2 id="exploit">Exploit<\/h2>/);
  const partnerView = (await readGroup('partners', keys.acme[0])).items.find((i) => i.id === 'ADV-2025-0001');
  assert.not.match(partnerView?.html ?? '', /exploit/i);
  assert.not.match(partnerView?.markdown ?? '', /:::/);
});

e2e('a member of another group, a suspended and a removed partner cannot decrypt anything', async () => {
  await rejectsWithCode(openAs(keys.bolt, corpus.publisher, await read('groups/partners/index.pgp')), 'DECRYPT_FAILED');
  await rejectsWithCode(openAs(keys.acme[0], corpus.publisher, await read('groups/trusted/index.pgp')), 'DECRYPT_FAILED');
  const files = [...(await snapshot(out)).keys()].filter((f) => f.endsWith('.pgp'));
  for (const outsider of [keys.shady, keys.gone]) {
    for (const file of files) await rejectsWithCode(openAs(outsider, corpus.publisher, await read(file)), 'DECRYPT_FAILED');
  }
});

e2e('gpg 2.2 decrypts every group file with a member key and reports a good publisher signature', async () => {
  const gpg = await GpgHome.create();
  try {
    await gpg.import(corpus.publisher.public);
    await gpg.import(keys.acme[1].secret);
    await gpg.import(keys.bolt.secret);
    const files = [...(await snapshot(out)).keys()].filter((f) => f.startsWith('groups/'));
    for (const file of files) {
      const bytes = await read(file);
      const result = await gpg.run(['--decrypt'], bytes);
      assert.is(result.code, 0, `${file}: ${result.stderr}`);
      assert.ok(GpgHome.statusLine(result, 'GOODSIG'), file);
      assert.match(GpgHome.statusLine(result, 'VALIDSIG') ?? '', corpus.publisher.fingerprint);
      const member = file.startsWith('groups/partners/') ? keys.acme[1] : keys.bolt;
      assert.equal(JSON.parse(result.stdout.toString('utf8')), await openAs(member, corpus.publisher, bytes));
    }
  } finally {
    await gpg.remove();
  }
});

e2e('gpg verifies the detached signature of every signed public file', async () => {
  const gpg = await GpgHome.create();
  try {
    await gpg.import(corpus.publisher.public);
    const files = [...(await snapshot(out)).keys()];
    // A signature is `X.asc` beside `X`; other .asc files are keys (publisher.asc, CSAF's key copy).
    const signatures = files.filter((f) => f.endsWith('.asc') && files.includes(f.slice(0, -4)));
    assert.ok(signatures.length > 0);
    for (const sig of signatures) {
      const { writeFile, mkdtemp } = await import('node:fs/promises');
      const dir = await mkdtemp(path.join(gpg.dir, 'v-'));
      await writeFile(path.join(dir, 's.asc'), await read(sig));
      await writeFile(path.join(dir, 'd'), await read(sig.slice(0, -4)));
      const result = await gpg.run(['--verify', path.join(dir, 's.asc'), path.join(dir, 'd')]);
      assert.is(result.code, 0, `${sig}: ${result.stderr}`);
      assert.match(GpgHome.statusLine(result, 'VALIDSIG') ?? '', corpus.publisher.fingerprint);
    }
  } finally {
    await gpg.remove();
  }
});

const gnupgKeys = suite('build: partner keys made by GnuPG');

gnupgKeys('RSA-3072 and ed25519/cv25519 keys generated by gpg work as recipients', async () => {
  const gpg = await GpgHome.create();
  const { corpus: c } = await standardCorpus();
  try {
    const rsa = await gpg.generate('rsa3072', 'Gnu Rsa');
    const ecc = await gpg.generate('ed25519', 'Gnu Ecc');
    await c.partner({ id: 'gnu-rsa', groups: ['trusted'], keys: [rsa] });
    await c.partner({ id: 'gnu-ecc', groups: ['partners'], keys: [ecc] });
    const o = await tempOut();
    // gpg dates its keys today, so build as of today (key validity is judged at --now).
    await build(c, o, new Date().toISOString());
    for (const group of ['trusted', 'partners']) {
      const result = await gpg.run(['--decrypt'], await readFile(path.join(o, `groups/${group}/index.pgp`)));
      assert.is.not(result.code, 0, 'the publisher key is not imported yet: the signature cannot be checked');
      assert.ok(GpgHome.statusLine(result, 'DECRYPTION_OKAY'), 'but the message decrypts with the gpg-made key');
    }
    await gpg.import(c.publisher.public);
    for (const group of ['trusted', 'partners']) {
      const result = await gpg.run(['--decrypt'], await readFile(path.join(o, `groups/${group}/index.pgp`)));
      assert.is(result.code, 0, result.stderr);
      assert.ok(GpgHome.statusLine(result, 'GOODSIG'));
      assert.is((JSON.parse(result.stdout.toString('utf8')) as GroupIndex).group, group);
    }
  } finally {
    await gpg.remove();
    await c.dispose();
  }
});

e2e.run();
gnupgKeys.run();

const expired = suite('build: keys that expired');

expired('an expired key is left out with a warning; the partner\'s other key and the build go on', async () => {
  const { corpus: c, keys: k } = await standardCorpus();
  const old = await corpusKey({ name: 'Expired', expiresIn: 86400 });
  await c.partner({ id: 'acme', groups: ['partners'], keys: [k.acme[0], old] });
  await c.partner({ id: 'late', groups: ['partners'], keys: [await corpusKey({ name: 'Late', expiresIn: 86400 })] });
  const o = await tempOut();
  const ctx = await build(c, o, NOW);
  assert.ok(ctx.warnings.some((w) => w.code === 'KEY_UNUSABLE' && w.message.includes(old.fingerprint)));
  assert.ok(ctx.warnings.some((w) => w.code === 'PARTNER_NO_KEY' && w.path === 'partners/late.md'));
  const index = await readFile(path.join(o, 'groups/partners/index.pgp'));
  await openAs(k.acme[0], c.publisher, index);
  await rejectsWithCode(openAs(old, c.publisher, index), 'DECRYPT_FAILED');
  await c.dispose();
});

expired('a group whose only keys expired stops the build with BUILD_NO_RECIPIENTS', async () => {
  const { corpus: c } = await standardCorpus();
  await c.partner({ id: 'bolt', groups: ['trusted'], keys: [await corpusKey({ name: 'Bolt old', expiresIn: 86400 })] });
  await rejectsWithCode(build(c, await tempOut(), NOW), 'BUILD_NO_RECIPIENTS');
  await c.dispose();
});

expired.run();
