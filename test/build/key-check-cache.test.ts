/**
 * scripts/build/key-check-cache.ts: partner key checks kept from one build to the next, in the
 * content repository. A rebuild takes them while they hold and checks no signature; a key whose
 * kept check ended (it expired since) is judged again; a cache of another shape or code is not
 * taken.
 */
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { CACHE_DIR } from '../../scripts/content/cache-files.js';
import { openKeyCheckCache } from '../../scripts/build/key-check-cache.js';
import { checkKey } from '../../scripts/feed/openpgp/keyring-jobs.js';
import { Corpus, KEY_EPOCH, corpusKey } from '../helpers/corpus.js';
import { NOW, later, standardCorpus } from './corpus-fixture.js';
import { build, tempOut } from './fixture.js';

const cache = suite('build: key check cache');

const file = (root: string) => path.join(root, CACHE_DIR, 'key-checks.json');

cache('a rebuild checks no key while the kept checks hold, and judges again a key whose check ended', async () => {
  const { corpus } = await standardCorpus();
  // Suspended, so only its inspection at --now counts: expires five days after NOW.
  const expiry = (Date.parse(NOW) - KEY_EPOCH.getTime()) / 1000 + 5 * 86_400;
  await corpus.partner({ id: 'retiring', groups: ['partners'], status: 'suspended', keys: [await corpusKey({ name: 'Retiring', expiresIn: expiry })] });
  const out = await tempOut();
  const first = await build(corpus, out, NOW);
  const keys = first.keyring?.checked.keys ?? 0;
  assert.ok(keys >= 5, `every key checked on the first build (${keys})`);
  assert.is((await stat(file(corpus.root))).mode & 0o077, 0, 'owner-only');
  assert.is(Object.keys((JSON.parse(await readFile(file(corpus.root), 'utf8')) as { entries: object }).entries).length, keys, 'a check kept per key, none with problems here');

  const second = await build(corpus, out, later(24));
  assert.equal(second.keyring?.checked, { keys: 0, sets: 0 });
  assert.is(second.keyring?.headersStarted, 0);
  const third = await build(corpus, out, later(6 * 24));
  assert.equal(third.keyring?.checked, { keys: 1, sets: 0 }, 'the retiring key, expired since');
  await corpus.dispose();
});

cache('kept checks of another code, or of another shape, are not taken', async () => {
  const corpus = await Corpus.create();
  const key = await corpusKey({ name: 'Kept' });
  const check = await checkKey(key.public, new Date(NOW), 'partners/keys/kept.asc');
  const kept = await openKeyCheckCache(corpus.root);
  kept.set(key.public, check);
  await kept.save();
  assert.equal((await openKeyCheckCache(corpus.root)).get(key.public), check, 'read back as made');

  const doc = JSON.parse(await readFile(file(corpus.root), 'utf8')) as { salt: string; entries: Record<string, Record<string, unknown>> };
  const [hash] = Object.keys(doc.entries) as [string];
  const variants: [string, unknown][] = [
    ['another salt', { ...doc, salt: '0'.repeat(64) }],
    ['a report with a problem', { ...doc, entries: { [hash]: { ...check, report: { ...check.report, problems: [{ code: 'KEY_EXPIRED', message: 'x' }] } } } }],
    ['an encryption key that is not a fingerprint', { ...doc, entries: { [hash]: { ...check, encryptionKeys: ['not-a-fingerprint'] } } }],
    ['no encryption key', { ...doc, entries: { [hash]: { ...check, encryptionKeys: [] } } }],
    ['no span', { ...doc, entries: { [hash]: { ...check, span: undefined } } }],
    ['a span of strings', { ...doc, entries: { [hash]: { ...check, span: { after: 'x', before: null } } } }],
    ['no cipher preferences', { ...doc, entries: { [hash]: { ...check, cipher: undefined } } }],
    ['cipher preferences of another shape', { ...doc, entries: { [hash]: { ...check, cipher: { symmetric: ['aes256'], seipdv2: false } } } }],
  ];
  for (const [name, variant] of variants) {
    await writeFile(file(corpus.root), JSON.stringify(variant));
    assert.is((await openKeyCheckCache(corpus.root)).get(key.public), undefined, name);
  }
  await writeFile(file(corpus.root), 'not JSON');
  assert.is((await openKeyCheckCache(corpus.root)).get(key.public), undefined, 'not JSON');
  await corpus.dispose();
});

cache.run();
