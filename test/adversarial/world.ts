/**
 * Shared by the adversarial suites: a small content repository built once (two partners of two
 * groups, one advisory per visibility, a canary in every text), and the checks every attack ends
 * with: the build failed with a code AND the previous output is byte-identical (hash and mtime of
 * every file). Reuses the build suites' fixture (runBuild in-process, snapshot, openAs).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as assert from 'uvu/assert';
import type { BuildContext } from '../../scripts/build/context.js';
import type { GroupIndex } from '../../scripts/feed/format.js';
import { rejectsWithCode } from '../helpers/assert.js';
import { Corpus, corpusKey } from '../helpers/corpus.js';
import type { TestKey } from '../helpers/keys.js';
import { build, openAs, snapshot, tempOut } from '../build/fixture.js';

export const NOW = '2025-07-10T00:00:00Z';
export const LATER = '2025-07-10T06:00:00Z';

export interface Built {
  corpus: Corpus;
  out: string;
  members: { partners: TestKey; trusted: TestKey };
}

/** A repository with a `partners` member and a `trusted` member, built once at NOW. */
export async function builtCorpus(): Promise<Built> {
  const corpus = await Corpus.create();
  const members = { partners: await corpusKey({ name: 'Acme' }), trusted: await corpusKey({ name: 'Bolt' }) };
  await corpus.partner({ id: 'acme', groups: ['partners'], keys: [members.partners] });
  await corpus.partner({ id: 'bolt', groups: ['trusted'], keys: [members.trusted] });
  await corpus.advisory({
    id: 'ADV-2025-0001',
    release: { poc: '2025-06-01T00:00:00Z', partner: '2025-06-02T00:00:00Z', public: '2025-06-03T00:00:00Z' },
    body: 'Base CANARY-BASE-0001',
    sections: [{ tier: 'partner', text: 'CANARY-PARTNER-0001' }, { tier: 'poc', text: 'CANARY-POC-0001' }],
  });
  const out = await tempOut();
  await build(corpus, out, NOW);
  return { corpus, out, members };
}

/** The build at LATER fails with BUILD_CONTENT_INVALID naming `problem` (or one of them), and `out` is untouched. */
export async function refusedUntouched(b: Built, problem: string | string[], now = LATER): Promise<void> {
  const before = await snapshot(b.out);
  const error = await rejectsWithCode(build(b.corpus, b.out, now), 'BUILD_CONTENT_INVALID');
  const codes = ((error.cause as { problems?: { code: string }[] } | undefined)?.problems ?? []).map((p) => p.code);
  const wanted = Array.isArray(problem) ? problem : [problem];
  assert.ok(codes.some((c) => wanted.includes(c)), `expected ${wanted.join(' or ')} among ${codes.join(', ')}`);
  assert.equal(await snapshot(b.out), before, 'the previous output must be byte-identical');
}

/** Text of every file a non-member can read: everything outside groups/ (feeds, pages, CSAF, .asc, state, key). */
export async function unencryptedTexts(out: string): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  for (const file of (await snapshot(out)).keys()) {
    if (file.startsWith('groups/')) continue;
    texts.set(file, (await readFile(path.join(out, file))).toString('latin1'));
  }
  return texts;
}

/** Decrypted index and items of `group` as one text, read as the member `key` (publisher pinned). */
export async function groupText(out: string, group: string, key: TestKey, publisher: TestKey): Promise<string> {
  const index = (await openAs(key, publisher, await readFile(path.join(out, 'groups', group, 'index.pgp')))) as GroupIndex;
  let text = JSON.stringify(index);
  for (const entry of index.items) {
    const bytes = await readFile(path.join(out, 'groups', group, entry.path));
    text += `\n${JSON.stringify(await openAs(key, publisher, bytes))}`;
  }
  return text;
}

export { build, snapshot, tempOut, type BuildContext };
