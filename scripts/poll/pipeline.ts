/**
 * `poll` as a checklist (docs/feed-format.md §8). Each step returns the verified value
 * or throws FeedError<PollCode>; nothing reaches the mirror before every step passed, and the
 * state moves only after the mirror is complete:
 *
 *   §8.1   fetch the index, conditionally, capped         fetch-index.ts
 *   §8.2   decrypt + signature by the pinned key          verify-signature.ts
 *   §8.3   parse the index; `publisher` = pinned key      parse-documents.ts
 *   §8.4   group id is ours                               verify-group.ts
 *   §8.5   sequence not lower; same sequence, same bytes  verify-sequence.ts
 *   §8.6   not expired (also on 304)                      verify-expiry.ts
 *   §8.7   plan: only new or changed items (by hash)      plan-items.ts
 *   §8.8   each item: size cap, read <= size, size        fetch-items.ts, verify-item-bytes.ts
 *   §8.9   each item: SHA-256                             verify-item-bytes.ts
 *   §8.10  each item: decrypt + signature + parse         item-verifier.ts (in workers for many items)
 *   §8.11  each item: id/revision/modified/status = entry verify-item-entry.ts, item-worker.mjs
 *   §8.8+  verified items wait in a staging folder         staging.ts
 *   §8.12  write the mirror (idempotent, atomic per file) mirror.ts
 *   §8.13  replace the state atomically, under a lock    state.ts, lock-state.ts
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { sha256Hex } from '../feed/hash.js';
import { pollError } from './errors.js';
import { fetchIndex } from './fetch-index.js';
import { fetchItems } from './fetch-items.js';
import { createItemVerifier, startItemWorkers, stopItemWorkers, type ItemWorkers, type WorkerOptions } from './item-verifier.js';
import type { FeedLocation } from './feed-location.js';
import type { FetchResult, Fetcher } from './fetcher.js';
import { lockState } from './lock-state.js';
import { listMirror, readMirroredIndex, writeMirror, type MirrorListing } from './mirror.js';
import { parseIndex } from './parse-documents.js';
import { planItems } from './plan-items.js';
import { reportNotModified, reportRun, type PollResult } from './report.js';
import { openStaging, STAGING_DIR } from './staging.js';
import { acceptedState, loadState, saveState, type PollState } from './state.js';
import { verifyExpiry } from './verify-expiry.js';
import { verifyGroup } from './verify-group.js';
import { sequenceFloor, verifySequence } from './verify-sequence.js';
import { verifySignature, type PollKeys } from './verify-signature.js';

export type { PollResult };

export interface PollOptions {
  location: FeedLocation;
  keys: PollKeys;
  stateDir: string;
  outDir: string;
  /** Transport, retries included (see createFetcher in index.ts). */
  fetcher: Fetcher;
  /** The clock for expiry checks and the state's `accepted` time. */
  now?: () => Date;
  /** Bytes; defaults in index.ts. */
  maxIndexBytes: number;
  maxItemBytes: number;
  concurrency?: number;
  /** Worker threads that decrypt, verify and render items (item-verifier.ts). */
  workers?: WorkerOptions;
  /** Milliseconds after which a lock left by a killed run is taken over (default 30 s). */
  lockStaleMs?: number;
  /** Test seam: runs between the mirror write and the state write (simulate a crash by throwing). */
  afterMirror?: () => Promise<void> | void;
}

/** Runs the checklist once under the state lock. */
export async function runPoll(options: PollOptions): Promise<PollResult> {
  const release = await lockState(options.stateDir, options.lockStaleMs);
  try {
    return await checklist(options);
  } finally {
    await release().catch(() => undefined);
  }
}

async function checklist(options: PollOptions): Promise<PollResult> {
  const now = options.now ?? (() => new Date());
  const { location, keys } = options;
  const state = await loadState(options.stateDir, location.group);
  const mirror = await listMirror(options.outDir);
  const complete = state !== undefined && Object.keys(state.items).every((id) => mirror.has(id));
  const response = await fetchIndex(options.fetcher, location, state, { maxIndexBytes: options.maxIndexBytes, conditional: complete });
  if (response.status === 'not-modified') {
    if (state === undefined) throw pollError('HTTP_STATUS', `Expected the index at ${location.index.href}, got "not modified" to an unconditional request.`);
    verifyExpiry(state, now()); // §8.6: a server answering 304 forever is a freeze too
    return reportNotModified(state);
  }
  // A first sync fetches every item: its workers start while the index is verified and parsed.
  const workers = state === undefined ? startItemWorkers(keys, response.body.length, options.workers) : undefined;
  try {
    return await accept(options, state, mirror, response, workers);
  } finally {
    await stopItemWorkers(workers); // stopped already if the run used them; else not needed
  }
}

/** §8.2-§8.13 for an index the server sent. */
async function accept(options: PollOptions, state: PollState | undefined, mirror: MirrorListing, response: Extract<FetchResult, { status: 'ok' }>, workers: ItemWorkers | undefined): Promise<PollResult> {
  const now = options.now ?? (() => new Date());
  const { location, keys } = options;
  const plaintext = await verifySignature(response.body, keys, 'the group index');
  const index = parseIndex(plaintext, keys.publisher.fingerprint);
  verifyGroup(index, location.group);
  const indexSha256 = sha256Hex(plaintext);
  // Read only now: a "not modified" answer needs no floor (a no-change poll reads nothing more).
  const mirrored = await readMirroredIndex(options.outDir, location.group, keys.publisher.fingerprint);
  verifySequence(index, indexSha256, sequenceFloor(state, mirrored));
  verifyExpiry(index, now());

  const plan = planItems(index, state, mirror);
  const toFetch = plan.items.filter((p) => p.fetch).map((p) => p.entry);
  // Staging lived in the state folder before it moved into --out: an older killed run's leftover.
  await rm(join(options.stateDir, STAGING_DIR), { recursive: true, force: true }).catch(() => undefined);
  const staging = await openStaging(options.outDir);
  const verifier = createItemVerifier(keys, staging, toFetch.length, options.workers, workers);
  let fetched: string[];
  try {
    fetched = await fetchItems(toFetch, {
      location, fetcher: options.fetcher, maxItemBytes: options.maxItemBytes, concurrency: options.concurrency ?? 8, verifier,
    });
    await verifier.close();
    await writeMirror(options.outDir, { indexPlaintext: plaintext, ids: fetched, staging, removed: plan.removed });
  } finally {
    await verifier.close();
    await staging.dispose();
  }
  await options.afterMirror?.();
  const next = acceptedState(index, indexSha256, response, { feed: location.base.href, publisher: keys.publisher.fingerprint, accepted: now() });
  await saveState(options.stateDir, next);
  return reportRun(plan, next, fetched.length, state?.items ?? {});
}

