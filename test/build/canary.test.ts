/**
 * Canary test: every text of every advisory carries a unique marker (corpus-fixture.ts). After a
 * build, no unencrypted file contains a marker the public may not see (raw bytes of every output
 * file), and no group's decrypted files contain a marker of a higher audience.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { GroupIndex } from '../../scripts/feed/format.js';
import type { Corpus } from '../helpers/corpus.js';
import { MARKERS, NOW, standardCorpus, type Partners } from './corpus-fixture.js';
import { build, openAs, snapshot, tempOut } from './fixture.js';

const canary = suite('build: canaries');
let corpus: Corpus;
let keys: Partners;
let out: string;
const captured: string[] = [];

canary.before(async () => {
  ({ corpus, keys } = await standardCorpus());
  out = await tempOut();
  const ctx = await build(corpus, out, NOW, { onProgress: (stage) => captured.push(stage) });
  captured.push(...ctx.warnings.map((w) => `${w.code} ${w.message} ${w.path ?? ''}`));
});
canary.after(() => corpus.dispose());

const markersFor = (allowed: (audiences: string[]) => boolean) => Object.entries(MARKERS).filter(([, a]) => allowed(a)).map(([m]) => m);

canary('no output file holds a non-public marker in its raw bytes, whatever its name', async () => {
  const forbidden = markersFor((a) => !a.includes('public'));
  const files = [...(await snapshot(out)).keys()];
  assert.ok(files.length > 10);
  for (const file of files) {
    const bytes = await readFile(path.join(out, file));
    const text = bytes.toString('latin1');
    // Item files are named by the SHA-256 of their sealed bytes, random hex that may spell "0002".
    const named = file.replace(/[0-9a-f]{64}/g, '<sha256>');
    for (const marker of forbidden) {
      assert.not.ok(text.includes(marker), `${file} contains ${marker}`);
      assert.not.ok(named.includes(marker) || named.includes('0003') || named.includes('0002'), `file name ${file} names a restricted advisory`);
    }
  }
});

canary('the public tier does show the public marker (the test can see a leak)', async () => {
  const files = [...(await snapshot(out)).keys()].filter((f) => !f.endsWith('.pgp'));
  const texts = await Promise.all(files.map((f) => readFile(path.join(out, f), 'utf8')));
  assert.ok(texts.some((t) => t.includes('CANARY-0001-base')));
});

canary('each group reads only the markers of its audience', async () => {
  for (const [group, key] of [['partners', keys.acme[0]], ['trusted', keys.bolt]] as const) {
    const index = (await openAs(key, corpus.publisher, await readFile(path.join(out, `groups/${group}/index.pgp`)))) as GroupIndex;
    let text = JSON.stringify(index);
    for (const entry of index.items) text += JSON.stringify(await openAs(key, corpus.publisher, await readFile(path.join(out, `groups/${group}`, entry.path))));
    for (const [marker, audiences] of Object.entries(MARKERS)) {
      assert.is(text.includes(marker), audiences.includes(group), `${group} and ${marker}`);
    }
  }
});

canary('progress events and warnings name no restricted text', () => {
  const all = markersFor((a) => !a.includes('public'));
  for (const line of captured) for (const marker of all) assert.not.ok(line.includes(marker), line);
});

canary.run();
