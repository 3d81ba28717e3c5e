/**
 * Test world for poll: a temp folder with a test publisher's site, a real HTTP server on
 * 127.0.0.1 serving it, a state and a mirror folder, and `poll()` wired to all of them with
 * fast retries. `snapshot()` hashes the state and mirror trees byte for byte.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { createFetcher, locateFeed, runPoll, type PollOptions, type PollResult } from '../../scripts/poll/index.js';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.js';
import { createTestPublisher, makeFeedKeys, type FeedKeys, type TestPublisher } from '../helpers/publish-feed.js';

export const GROUP = 'acme';

export interface World {
  dir: string;
  keys: FeedKeys;
  publisher: TestPublisher;
  server: FeedServer;
  stateDir: string;
  outDir: string;
  feedUrl: string;
  poll(overrides?: Partial<PollOptions>): Promise<PollResult>;
  /** Path -> SHA-256 of every file under the state and mirror folders. */
  snapshot(): Promise<Record<string, string>>;
  close(): Promise<void>;
}

let sharedKeys: Promise<FeedKeys> | undefined;

export async function makeWorld(options: { etags?: boolean } = {}): Promise<World> {
  sharedKeys ??= makeFeedKeys();
  const keys = await sharedKeys;
  const dir = await mkdtemp(join(tmpdir(), 'advisory-feed-poll-'));
  const site = join(dir, 'site');
  const publisher = createTestPublisher(site, keys);
  const server = await startFeedServer(site, options);
  const stateDir = join(dir, 'state');
  const outDir = join(dir, 'out');
  const feedUrl = `${server.origin}/groups/${GROUP}/`;
  const location = locateFeed(feedUrl, undefined, dir);
  return {
    dir, keys, publisher, server, stateDir, outDir, feedUrl,
    poll(overrides = {}) {
      return runPoll({
        location,
        keys: { decryptionKey: keys.partner.secret, publisher: keys.publisher.certificate },
        stateDir,
        outDir,
        fetcher: createFetcher(location.index, { retries: 2, backoffMs: 5, timeoutMs: 5_000, maxRetryAfterMs: 2_000 }),
        maxIndexBytes: 4 * 1024 * 1024,
        maxItemBytes: 1024 * 1024,
        ...overrides,
      });
    },
    async snapshot() {
      return { ...(await hashTree(stateDir, dir)), ...(await hashTree(outDir, dir)) };
    },
    async close() {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export async function hashTree(root: string, base: string): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  let entries;
  try {
    entries = await readdir(root, { withFileTypes: true, recursive: true });
  } catch {
    return result;
  }
  for (const entry of entries) {
    const full = join(entry.parentPath ?? (entry as unknown as { path: string }).path, entry.name);
    const key = relative(base, full);
    result[key] = entry.isFile() ? createHash('sha256').update(await readFile(full)).digest('hex') : 'dir';
  }
  return Object.fromEntries(Object.entries(result).sort(([a], [b]) => a.localeCompare(b)));
}

/** Three advisories, revision 1. */
export const THREE = [{ id: 'ADV-2026-0001' }, { id: 'ADV-2026-0002' }, { id: 'ADV-2026-0003' }];
