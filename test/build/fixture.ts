/**
 * Shared by the build suites: run a build of a corpus, snapshot an output tree, open a sealed
 * file as a partner would (the feed wrapper, i.e. openpgp.js, with the publisher pinned).
 */
import { rmSync } from 'node:fs';
import { mkdtemp, readdir, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runBuild } from '../../scripts/build/pipeline.js';
import type { BuildContext, BuildOptions } from '../../scripts/build/context.js';
import { sha256Hex } from '../../scripts/feed/hash.js';
import { openSealed, readCertificate, readSecretKey } from '../../scripts/feed/openpgp.js';
import type { Corpus } from '../helpers/corpus.js';
import type { TestKey } from '../helpers/keys.js';

/** Folders made by tempOut, removed when the test process exits (a run makes a few hundred). */
const tempFolders: string[] = [];
process.once('exit', () => {
  for (const folder of tempFolders) rmSync(folder, { recursive: true, force: true });
});

/** A fresh output path (not made yet) in a temporary folder that goes with the test process. */
export async function tempOut(): Promise<string> {
  const folder = await mkdtemp(path.join(tmpdir(), 'advisory-feed-out-'));
  tempFolders.push(folder);
  return path.join(folder, '_site');
}

export function build(corpus: Corpus, out: string, now: string, extra: Partial<BuildOptions> = {}): Promise<BuildContext> {
  return runBuild({
    root: corpus.root,
    out,
    now: new Date(now),
    env: { ADVISORY_FEED_SIGNING_KEY: corpus.publisher.secret },
    cwd: corpus.root,
    ...extra,
  });
}

export interface TreeEntry {
  sha256: string;
  mtimeMs: number;
}

/** Every file under `dir` (relative path -> hash and mtime); the lock beside it is not inside. */
export async function snapshot(dir: string): Promise<Map<string, TreeEntry>> {
  const tree = new Map<string, TreeEntry>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    tree.set(path.relative(dir, full).split(path.sep).join('/'), { sha256: sha256Hex(await readFile(full)), mtimeMs: (await stat(full)).mtimeMs });
  }
  return tree;
}

/** Paths whose bytes differ between two snapshots (added, removed or changed). */
export function changed(before: Map<string, TreeEntry>, after: Map<string, TreeEntry>): string[] {
  const paths = new Set([...before.keys(), ...after.keys()]);
  return [...paths].filter((p) => before.get(p)?.sha256 !== after.get(p)?.sha256).sort();
}

/** Decrypts and verifies a sealed file with `key`, pinning `publisher`; throws a FeedError when it cannot. */
export async function openAs(key: TestKey, publisher: TestKey, bytes: Uint8Array): Promise<unknown> {
  const plaintext = await openSealed(bytes, { decryptionKey: await readSecretKey(key.secret), publisher: await readCertificate(publisher.public) });
  return JSON.parse(new TextDecoder().decode(plaintext)) as unknown;
}
