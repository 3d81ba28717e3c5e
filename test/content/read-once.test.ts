/**
 * Loading reads each file under partners/ once (scripts/content/load-content.ts): the secret-key
 * scan checks the partner files' text as loading read it, and key files read ahead (the build
 * reads them for its keyring and passes them as `keyTexts`: build/load.ts) are not read again.
 * Counted at `openSync`, the content reader's only way into a file (read-text-file.ts).
 */
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { listKeyFiles, loadContent, readKeyFiles, type LoadedContent } from '../../scripts/content/index.js';
import { NOW, fixtureRoot } from './fixture-root.js';

/** How often each file under `root` (relative path) was opened while `run` ran. */
async function countOpens(root: string, run: () => Promise<void>): Promise<Map<string, number>> {
  const opens = new Map<string, number>();
  const original = fs.openSync;
  fs.openSync = ((file: fs.PathLike, ...rest: Parameters<typeof fs.openSync> extends [unknown, ...infer R] ? R : never) => {
    const rel = path.relative(root, String(file));
    opens.set(rel, (opens.get(rel) ?? 0) + 1);
    return original(file, ...rest);
  }) as typeof fs.openSync;
  syncBuiltinESMExports(); // the reader's `import { openSync } from 'node:fs'` now sees the counter
  try {
    await run();
  } finally {
    fs.openSync = original;
    syncBuiltinESMExports();
  }
  return opens;
}

const under = (opens: Map<string, number>, pattern: RegExp) => [...opens].filter(([file]) => pattern.test(file));

test('with keys read ahead, opens each partner file once and no key file, and loads the same content', async () => {
  const { root, remove } = await fixtureRoot();
  try {
    const ahead = await readKeyFiles(root, await listKeyFiles(root));
    assert.ok(ahead.length >= 2, 'the fixture has key files');
    const reference = await loadContent(root, { now: NOW });
    let loaded: LoadedContent | undefined;
    const opens = await countOpens(root, async () => {
      loaded = await loadContent(root, { now: NOW, keyTexts: new Map(ahead.map((key) => [key.path, key.armored])) });
    });
    assert.equal(loaded?.problems, reference.problems);
    assert.equal(loaded?.content.partners, reference.content.partners);
    const partnerFiles = under(opens, /^partners\/[^/]+\.md$/);
    assert.ok(partnerFiles.length >= 2, JSON.stringify([...opens]));
    assert.equal(partnerFiles.filter(([, count]) => count !== 1), []);
    assert.equal(under(opens, /^partners\/keys\//), []);
  } finally {
    await remove();
  }
});

test('without keys read ahead, opens each partner file and each key file once', async () => {
  const { root, remove } = await fixtureRoot();
  try {
    const opens = await countOpens(root, async () => {
      await loadContent(root, { now: NOW });
    });
    const keyFiles = under(opens, /^partners\/keys\//);
    assert.equal(keyFiles.length, (await listKeyFiles(root)).length);
    assert.equal([...under(opens, /^partners\/[^/]+\.md$/), ...keyFiles].filter(([, count]) => count !== 1), []);
  } finally {
    await remove();
  }
});

test('a key read ahead is inspected as it was read then', async () => {
  const { root, remove } = await fixtureRoot();
  try {
    const [first, second] = await readKeyFiles(root, await listKeyFiles(root));
    if (first === undefined || second === undefined) throw new Error('the fixture has two key files');
    // The text read ahead for the first file is the second key: loading takes it, not the file.
    const { content } = await loadContent(root, { now: NOW, keyTexts: new Map([[first.path, second.armored]]) });
    const keys = content.partners.flatMap((p) => p.keys);
    const firstKey = keys.find((k) => k.path === first.path);
    const secondKey = keys.find((k) => k.path === second.path);
    assert.ok(firstKey !== undefined && secondKey !== undefined, 'both keys are named by partners');
    assert.equal(firstKey.fingerprint, secondKey.fingerprint);
    assert.equal(firstKey.armored, second.armored);
  } finally {
    await remove();
  }
});

test.run();
