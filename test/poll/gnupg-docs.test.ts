/**
 * The README promises a partner can read its feed with plain GnuPG. This runs exactly the
 * fenced `sh` blocks of that section, in order, in one `sh`, with the real gpg, curl, jq and
 * sha256sum, against a feed served on 127.0.0.1, in a throwaway GNUPGHOME.
 */
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { GpgHome } from '../helpers/gpg.js';
import { gnupgGuideBlocks, runShell } from './shell.js';
import { GROUP, THREE, makeWorld, type World } from './world.js';


async function setUp(w: World, home: GpgHome) {
  const work = join(w.dir, 'reader');
  await (await import('node:fs/promises')).mkdir(work);
  await writeFile(join(work, 'publisher.asc'), w.keys.publisher.key.public);
  await writeFile(join(work, 'my-secret-key.asc'), w.keys.partner.key.secret);
  const env = {
    GNUPGHOME: home.dir,
    FEED: `${w.server.origin}/groups/${GROUP}`,
    PUBLISHER_FPR: w.keys.publisher.key.fingerprint,
    PUBLISHER_KEY: 'publisher.asc',
    MY_KEY: 'my-secret-key.asc',
  };
  return { work, env };
}

test('the documented GnuPG commands download, verify and decrypt a feed', async () => {
  const blocks = await gnupgGuideBlocks();
  assert.ok(blocks.length >= 4, 'the README\'s GnuPG section has its sh blocks');
  const w = await makeWorld();
  const home = await GpgHome.create();
  try {
    const published = await w.publisher.publish({ group: GROUP, sequence: 5, advisories: THREE });
    const { work, env } = await setUp(w, home);
    const result = await runShell(blocks.join('\n'), work, env);
    assert.is(result.code, 0, result.stderr);
    assert.match(result.stdout, /"sequence": 5/);
    assert.match(result.stdout, /ADV-2026-0002 revision 1 published/);
    const index = JSON.parse(await readFile(join(work, 'index.json'), 'utf8'));
    assert.is(index.group, GROUP);
    for (const entry of published.index.items) {
      const item = JSON.parse(await readFile(join(work, 'items', `${entry.sha256}.json`), 'utf8'));
      assert.is(item.id, entry.id);
    }
  } finally {
    await home.remove();
    await w.close();
  }
});

test('the documented commands stop when the index is signed by another key in the keyring', async () => {
  const blocks = await gnupgGuideBlocks();
  const w = await makeWorld();
  const home = await GpgHome.create();
  try {
    await w.publisher.publish({ group: GROUP, sequence: 5, advisories: THREE, signer: w.keys.impostor.secret });
    const { work, env } = await setUp(w, home);
    await home.import(w.keys.impostor.key.public); // gpg itself would call this a good signature
    const result = await runShell(blocks.join('\n'), work, env);
    assert.is.not(result.code, 0);
    assert.equal((await readdir(work)).includes('items'), false, 'stopped before fetching items');
  } finally {
    await home.remove();
    await w.close();
  }
});

test('the documented commands stop at sha256sum when an item is tampered with', async () => {
  const blocks = await gnupgGuideBlocks();
  const w = await makeWorld();
  const home = await GpgHome.create();
  try {
    const published = await w.publisher.publish({ group: GROUP, sequence: 5, advisories: THREE });
    const path = published.itemPaths['ADV-2026-0001']!;
    const bytes = await readFile(path);
    bytes[bytes.length - 3]! ^= 0xff;
    await writeFile(path, bytes);
    const { work, env } = await setUp(w, home);
    const result = await runShell(blocks.join('\n'), work, env);
    assert.is.not(result.code, 0);
    assert.match(result.stdout, /FAILED/);
  } finally {
    await home.remove();
    await w.close();
  }
});

test.run();
