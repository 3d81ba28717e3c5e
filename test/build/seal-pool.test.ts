/**
 * The seal pool's worker threads (scripts/feed/openpgp/seal-pool.ts, used by the seal stage for
 * large builds) make the same feed as sealing in the build's own thread: every group file opens
 * with a member key to the same plaintext, in openpgp.js and in gpg 2.2 with a good publisher
 * signature, carries the group's one recipient header, and outsiders read nothing; the public
 * files they write are the same bytes, with signatures gpg accepts.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { GroupIndex } from '../../scripts/feed/format.js';
import { rejectsWithCode } from '../helpers/assert.js';
import { GpgHome } from '../helpers/gpg.js';
import { NOW, standardCorpus } from './corpus-fixture.js';
import { build, openAs, snapshot, tempOut } from './fixture.js';

const pool = suite('build: sealing in worker threads');

pool('two worker threads and the calling thread seal the same plaintexts, one header per group, readable by gpg', async () => {
  const { corpus, keys } = await standardCorpus();
  const inThread = await tempOut();
  const threaded = await tempOut();
  await build(corpus, inThread, NOW, { sealThreads: 0 });
  await build(corpus, threaded, NOW, { sealThreads: 2 });
  const gpg = await GpgHome.create();
  try {
    await gpg.import(corpus.publisher.public);
    await gpg.import(keys.acme[1].secret);
    await gpg.import(keys.bolt.secret);
    for (const [group, member] of [['partners', keys.acme[0]], ['trusted', keys.bolt]] as const) {
      const read = (out: string, rel: string) => readFile(path.join(out, 'groups', group, rel));
      const a = (await openAs(member, corpus.publisher, await read(inThread, 'index.pgp'))) as GroupIndex;
      const b = (await openAs(member, corpus.publisher, await read(threaded, 'index.pgp'))) as GroupIndex;
      assert.equal(b.items.map((e) => e.id), a.items.map((e) => e.id));
      const headers = new Set<string>();
      for (const [i, entry] of b.items.entries()) {
        const bytes = await read(threaded, entry.path);
        const other = await read(inThread, a.items[i]?.path ?? '');
        assert.equal(await openAs(member, corpus.publisher, bytes), await openAs(member, corpus.publisher, other), `${group} ${entry.id}`);
        const result = await gpg.run(['--decrypt'], bytes);
        assert.is(result.code, 0, `${group} ${entry.id}: ${result.stderr}`);
        assert.ok(GpgHome.statusLine(result, 'GOODSIG'), entry.id);
        for (const outsider of [keys.shady, keys.gone]) await rejectsWithCode(openAs(outsider, corpus.publisher, bytes), 'DECRYPT_FAILED');
        // The recipient header (every byte before the SEIPD packet) is the group's one header.
        headers.add(Buffer.from(bytes.subarray(0, headerLength(bytes))).toString('hex'));
      }
      assert.is(headers.size, 1, `${group}: one recipient header for every item of the build`);
    }
    // Item names are hashes of ciphertext (a fresh session key each build); everything else matches.
    const shape = async (out: string) => [...(await snapshot(out)).keys()].map((f) => f.replace(/items\/[0-9a-f]{64}/, 'items/*')).sort();
    assert.equal(await shape(threaded), await shape(inThread));
    // The public files, which the workers wrote themselves into the empty --out (writeFiles):
    // the same bytes, and each signature one that gpg accepts from the publisher.
    const files = [...(await snapshot(threaded)).keys()].filter((f) => !f.startsWith('groups/') && f !== '.state.pgp');
    const signatures = files.filter((f) => f.endsWith('.asc') && files.includes(f.slice(0, -4)));
    assert.ok(signatures.length >= 3, `signed public files: ${signatures.length}`);
    for (const file of files.filter((f) => !signatures.includes(f))) {
      assert.equal(await readFile(path.join(threaded, file)), await readFile(path.join(inThread, file)), file);
    }
    for (const signature of signatures) {
      const result = await gpg.run(['--verify', path.join(threaded, signature), path.join(threaded, signature.slice(0, -4))]);
      assert.is(result.code, 0, `${signature}: ${result.stderr}`);
      assert.match(GpgHome.statusLine(result, 'VALIDSIG') ?? '', corpus.publisher.fingerprint);
    }
  } finally {
    await gpg.remove();
    await corpus.dispose();
  }
});

/** Bytes of the PKESK packets at the start of a sealed file (new-format packet headers, tag 1). */
function headerLength(bytes: Uint8Array): number {
  let at = 0;
  while (at < bytes.length && ((bytes[at] ?? 0) & 0x3f) === 1) {
    const first = bytes[at + 1] ?? 0;
    let length: number;
    let size: number;
    if (first < 192) [length, size] = [first, 1];
    else if (first < 224) [length, size] = [((first - 192) << 8) + (bytes[at + 2] ?? 0) + 192, 2];
    else [length, size] = [new DataView(bytes.buffer, bytes.byteOffset + at + 2, 4).getUint32(0), 5];
    at += 1 + size + length;
  }
  assert.ok(at > 0, 'a sealed file starts with a recipient header');
  return at;
}

pool.run();
