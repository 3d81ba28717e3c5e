/**
 * Seals one group (feed-format §3.1-§3.3 documents, §5.3 session keys), in two steps around
 * seal-items.ts, which seals the new items of every group together (each view signed once):
 *
 * - `reuseItems`: an item whose plaintext and recipient set are unchanged since the previous build
 *   keeps its file; every other view is left for seal-items.ts, under this build's one sealer for
 *   the group (one session key, one recipient header). A changed recipient set changes
 *   `recipientsId`, so everything of the group is sealed anew and a removed member can read
 *   nothing published after its removal.
 * - `sealIndex`: the index over every item, re-issued when needed (next-index.ts), its bytes
 *   written from each entry's canonical JSON (index-document.ts).
 */
import path from 'node:path';
import { FORMAT_VERSION, type GroupIndex } from '../../feed/format.js';
import type { GroupRecipients, Sealer, SecretKey } from '../../feed/openpgp.js';
import type { GroupPlan } from '../plan/index.js';
import { sha256File, sha256Hex } from '../../feed/hash.js';
import { groupDir, groupIndexPath, itemPath } from '../../feed/paths.js';
import { LIMITS } from '../../feed/schemas.js';
import { buildError } from '../errors.js';
import type { RenderedViews } from '../render.js';
import type { GroupState, ItemState } from '../state/build-state.js';
import { encodeIndex, entryJson, indexContentHash } from './index-document.js';
import { nextIndex } from './next-index.js';
import type { FileSet } from '../list-output.js';

export interface GroupWork {
  plan: GroupPlan;
  /** `groups/<id>`. */
  folder: string;
  recipientsId: string;
  /** This build's sealer for the group, made on first use. */
  sealer: () => Promise<Sealer>;
  /** One per view of the plan, in order; undefined until seal-items.ts sealed it. */
  items: (ItemState | undefined)[];
  reused: number;
  /** Items sealed (and written) by this build. */
  sealed: number;
}

export interface SealedGroup {
  group: string;
  /**
   * The index on disk is not the one the state recorded (a build stopped between writing the
   * state and the index, a state restored from elsewhere): it may name items the state takes
   * for orphans, whose grace period then starts again (seal/orphans.ts).
   */
  publishedUnknown: boolean;
  /** New items written by this build. */
  sealed: number;
  index: { path: string; bytes: Uint8Array } | undefined;
  state: GroupState;
  reused: number;
}

export function reuseItems(input: {
  plan: GroupPlan;
  /** The group's recipients at the build's key time (recipients.ts). */
  recipients: GroupRecipients;
  previous: GroupState | undefined;
  /** The previous build's items were rendered by the same code as this build's. */
  sameRenderer: boolean;
  rendered: RenderedViews;
  signer: SecretKey;
  /** The hashes of the group's item files in --out (PreviousBuild.listed). */
  itemFiles: ReadonlySet<string> | undefined;
}): GroupWork {
  const { plan, previous } = input;
  const folder = groupDir(plan.group.id);
  const { recipientsId } = input.recipients;
  let sealer: Promise<Sealer> | undefined;
  const work: GroupWork = {
    plan, folder, recipientsId, items: [], reused: 0, sealed: 0,
    sealer: () => (sealer ??= input.recipients.sealer(input.signer)),
  };
  const sameRecipients = previous?.recipientsId === recipientsId;
  for (const view of plan.views) {
    const before = previous?.items[view.advisory.id];
    const kept = before !== undefined && sameRecipients && input.itemFiles?.has(before.sha256) === true;
    let item: ItemState | undefined;
    if (kept && input.sameRenderer && before.view === view.viewHash) {
      item = before; // same view, same rendering code: same plaintext, without rendering it
    } else if (kept && before.plaintext === input.rendered.hashOf(view)) {
      item = { ...before, view: view.viewHash };
    }
    if (item !== undefined) work.reused++;
    work.items.push(item);
  }
  return work;
}

export async function sealIndex(work: GroupWork, input: {
  previous: GroupState | undefined;
  signer: SecretKey;
  out: string;
  files: FileSet;
  now: Date;
  expiresAfter: number;
}): Promise<SealedGroup> {
  const { previous, signer } = input;
  const group = work.plan.group.id;
  // Every item the very one the previous build recorded, for the same recipients: the index says
  // what the published one says (each view unchanged by its hash; the code that writes entries
  // is part of the renderer's fingerprint, which reusing an item as it is requires), so its
  // entries and their hash are not made again (~0.1 s of a no-op rebuild at 10,000 advisories).
  const same = previous !== undefined && previous.recipientsId === work.recipientsId && sameItems(work, previous.items);
  const content = same ? { items: previous.items, contentHash: previous.contentHash, entries: undefined } : indexContent(work, signer);
  const { items, contentHash } = content;
  const indexPath = groupIndexPath(group);
  const publishedExists = input.files.has(indexPath);
  const publishedIntact = publishedExists && previous !== undefined && hashFile(path.join(input.out, indexPath)) === previous.indexSha256;
  const { reissue } = nextIndex({ previous, contentHash, publishedIntact, publishedExists, now: input.now, expiresAfter: input.expiresAfter });
  const base = { group, publishedUnknown: publishedExists && !publishedIntact, sealed: work.sealed, reused: work.reused };
  if (reissue === undefined) {
    // nextIndex keeps an index only when there is a previous one: its timing and file stay.
    return { ...base, index: undefined, state: { ...(previous as GroupState), contentHash, items, recipientsId: work.recipientsId } };
  }
  const timing = reissue;
  const head: Omit<GroupIndex, 'items'> = { expires: timing.expires, format: FORMAT_VERSION, generated: timing.generated, group, publisher: signer.fingerprint, sequence: timing.sequence };
  const bytes = await (await work.sealer()).seal(encodeIndex(head, content.entries ?? indexContent(work, signer).entries));
  assertIndexFits(group, bytes.length);
  return {
    ...base,
    index: { path: indexPath, bytes },
    state: { contentHash, expires: timing.expires, generated: timing.generated, indexSha256: sha256Hex(bytes), items, recipientsId: work.recipientsId, sequence: timing.sequence },
  };
}

/** The group's items by advisory id, each index entry's canonical JSON, and their content hash. */
function indexContent(work: GroupWork, signer: SecretKey): { items: Record<string, ItemState>; entries: string[]; contentHash: string } {
  const group = work.plan.group.id;
  const items: Record<string, ItemState> = {};
  const entries = work.plan.views.map((view, i) => {
    const item = work.items[i];
    if (item === undefined) throw new Error(`seal: ${view.advisory.id} of ${group} was never sealed`);
    items[view.advisory.id] = item;
    return entryJson({ id: view.advisory.id, modified: view.modified, path: itemPath(item.sha256), revision: view.revision, sha256: item.sha256, size: item.size, status: view.status });
  });
  return { items, entries, contentHash: indexContentHash(group, signer.fingerprint, work.recipientsId, entries) };
}

/** Each item of the work is the previous build's item of its advisory (the same object), and no other. */
function sameItems(work: GroupWork, previous: Record<string, ItemState>): boolean {
  const { views } = work.plan;
  for (let i = 0; i < views.length; i++) {
    const item = work.items[i];
    if (item === undefined || item !== previous[(views[i] as GroupPlan['views'][number]).advisory.id]) return false; // never sealed: indexContent says so
  }
  return views.length === Object.keys(previous).length;
}

/** feed-format §3.4: never publish an index clients refuse by default (INDEX_TOO_LARGE). */
export function assertIndexFits(group: string, size: number, limit: number = LIMITS.indexSize): void {
  if (size <= limit) return;
  throw buildError('BUILD_INDEX_TOO_LARGE', `Expected the sealed index of group ${group} to fit in ${limit} bytes (feed-format §3.4), got ${size}`, {
    hint: 'Split the group, or mark old advisories withdrawn and drop them from the feed; clients refuse larger indexes.',
  });
}

function hashFile(full: string): string | undefined {
  try {
    return sha256File(full);
  } catch {
    return undefined;
  }
}
