/**
 * Seals one group (feed-format §3.1-§3.3 documents, §5.3 session keys):
 * an item whose plaintext and recipient set are unchanged since the previous build keeps its file;
 * every other item is sealed with this build's one sealer for the group (one session key, one
 * recipient header). A changed recipient set changes `recipientsId`, so everything of the group is
 * sealed anew and a removed member can read nothing published after its removal.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { FORMAT_VERSION, type GroupIndex, type IndexEntry } from '../../feed/format.js';
import { createSealer, recipientsIdFor, signPayload, type Certificate, type Sealer, type SecretKey, type SignedPayload } from '../../feed/openpgp.js';
import type { GroupPlan } from '../plan/index.js';
import { canonicalJson } from '../../feed/canonical-json.js';
import { sha256Hex } from '../../feed/hash.js';
import { groupDir, groupIndexPath, itemPath } from '../../feed/paths.js';
import { encodeDocument } from '../render/item-document.js';
import type { RenderedViews } from '../render.js';
import type { GroupState, ItemState } from '../state/build-state.js';
import { nextIndex } from './next-index.js';

export interface SealGroupInput {
  plan: GroupPlan;
  certificates: Certificate[];
  previous: GroupState | undefined;
  /** The previous build's items were rendered by the same code as this build's. */
  sameRenderer: boolean;
  rendered: RenderedViews;
  /** viewHash -> signed plaintext, shared by all groups of this build (sign once, seal per group). */
  payloads: Map<string, Promise<SignedPayload>>;
  signer: SecretKey;
  out: string;
  files: ReadonlySet<string>;
  now: Date;
  expiresAfter: number;
}

export interface SealedGroup {
  group: string;
  /** New files, relative to --out: items first, then (when re-issued) the index last. */
  items: Map<string, Uint8Array>;
  index: { path: string; bytes: Uint8Array } | undefined;
  state: GroupState;
  reused: number;
}

export async function sealGroup(input: SealGroupInput): Promise<SealedGroup> {
  const { plan, previous, signer } = input;
  const group = plan.group.id;
  const folder = groupDir(group);
  const recipientsId = await recipientsIdFor(input.certificates);
  let sealer: Sealer | undefined;
  const sealerOnce = async () => (sealer ??= await createSealer(signer, input.certificates));

  const items = new Map<string, Uint8Array>();
  const itemStates: Record<string, ItemState> = {};
  const entries: IndexEntry[] = [];
  let reused = 0;
  for (const view of plan.views) {
    const id = view.advisory.id;
    const before = previous?.items[id];
    const kept = before !== undefined && before.recipientsId === recipientsId && input.files.has(`${folder}/${before.path}`);
    let item: ItemState;
    if (kept && input.sameRenderer && before.view === view.viewHash) {
      item = before; // same view, same rendering code: same plaintext, without rendering it
      reused++;
    } else if (kept && before.plaintext === input.rendered.get(view).plaintextHash) {
      item = { ...before, view: view.viewHash };
      reused++;
    } else {
      const rendered = input.rendered.get(view);
      let payload = input.payloads.get(view.viewHash);
      if (payload === undefined) {
        payload = signPayload(signer, rendered.plaintext);
        input.payloads.set(view.viewHash, payload);
      }
      const sealed = await (await sealerOnce()).sealSigned(await payload);
      const sha256 = sha256Hex(sealed);
      item = { view: view.viewHash, plaintext: rendered.plaintextHash, recipientsId, path: itemPath(sha256), size: sealed.length, sha256 };
      items.set(`${folder}/${item.path}`, sealed);
    }
    itemStates[id] = item;
    entries.push({ id, revision: view.revision, modified: view.modified, status: view.status, path: item.path, size: item.size, sha256: item.sha256 });
  }

  const listing = { format: FORMAT_VERSION, group, publisher: signer.fingerprint, items: entries };
  const contentHash = sha256Hex(`${canonicalJson(listing)}\n${recipientsId}`);
  const indexPath = groupIndexPath(group);
  const publishedExists = input.files.has(indexPath);
  const publishedIntact = publishedExists && previous !== undefined && (await hashFile(path.join(input.out, indexPath))) === previous.indexSha256;
  const { reissue } = nextIndex({ previous, contentHash, publishedIntact, publishedExists, now: input.now, expiresAfter: input.expiresAfter });
  if (reissue === undefined) {
    // nextIndex keeps an index only when there is a previous one: its timing and file stay.
    return { group, items, index: undefined, state: { ...(previous as GroupState), contentHash, recipientsId, items: itemStates }, reused };
  }
  const timing = reissue;
  const doc: GroupIndex = { format: FORMAT_VERSION, group, sequence: timing.sequence, generated: timing.generated, expires: timing.expires, publisher: signer.fingerprint, items: entries };
  const bytes = await (await sealerOnce()).seal(encodeDocument(doc));
  return {
    group,
    items,
    index: { path: indexPath, bytes },
    state: { ...timing, contentHash, indexSha256: sha256Hex(bytes), recipientsId, items: itemStates },
    reused,
  };
}

async function hashFile(full: string): Promise<string | undefined> {
  try {
    return sha256Hex(await readFile(full));
  } catch {
    return undefined;
  }
}
