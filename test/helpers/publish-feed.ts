/**
 * A tiny test-only publisher: writes `groups/<group>/index.pgp` and content-addressed
 * `groups/<group>/items/<sha256>.pgp` with scripts/feed's sealer, so poll can be tested before
 * (and independently of) the real build. Knobs for everything an attacker or a broken build
 * could vary: sequence, expires, the group named inside the index, the signer, the entries.
 * Unchanged items keep their sealed file across publishes (as the real build reuses them).
 */
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { canonicalBytes } from '../../scripts/feed/canonical-json.js';
import { FORMAT_VERSION, type FeedStatus, type GroupIndex, type IndexEntry, type ItemDocument } from '../../scripts/feed/format.js';
import { createSealer, readCertificate, readSecretKey, type Certificate, type SecretKey } from '../../scripts/feed/openpgp.js';
import { makeKey, type TestKey } from './keys.js';

export interface TestAdvisory {
  id: string;
  revision?: number;
  status?: FeedStatus;
  /** ISO date-time; default 2026-01-01T00:00:00Z. */
  modified?: string;
  title?: string;
  markdown?: string;
}

export interface PublishOptions {
  group: string;
  sequence: number;
  advisories: TestAdvisory[];
  /** ISO date-time; default one week from now. */
  expires?: string;
  /** ISO date-time; default now. */
  generated?: string;
  /** The group id written inside the index (default `group`): another group's index. */
  indexGroup?: string;
  /** Sign with this key instead of the publisher's (an impostor). */
  signer?: SecretKey;
  /** Change the index before sealing (e.g. a path that tries to leave the group folder). */
  tamperIndex?: (index: GroupIndex) => unknown;
  /** Change the decrypted item before sealing (e.g. another id than the entry says). */
  tamperItem?: (item: ItemDocument) => ItemDocument;
}

export interface Published {
  index: GroupIndex;
  /** Absolute path of the index file. */
  indexPath: string;
  /** Absolute path of each item file, by advisory id. */
  itemPaths: Record<string, string>;
}

export interface TestPublisher {
  /** The folder to serve (holds `groups/`). */
  root: string;
  publish(options: PublishOptions): Promise<Published>;
}

/** Keys for a test feed: the publisher, one partner (recipient), and an impostor. */
export interface FeedKeys {
  publisher: { key: TestKey; secret: SecretKey; certificate: Certificate };
  partner: { key: TestKey; secret: SecretKey; certificate: Certificate };
  impostor: { key: TestKey; secret: SecretKey; certificate: Certificate };
}

export async function makeFeedKeys(): Promise<FeedKeys> {
  const load = async (name: string) => {
    const key = await makeKey({ name });
    return { key, secret: await readSecretKey(key.secret), certificate: await readCertificate(key.public) };
  };
  return { publisher: await load('Publisher'), partner: await load('Partner'), impostor: await load('Impostor') };
}

export function createTestPublisher(root: string, keys: FeedKeys): TestPublisher {
  const sealed = new Map<string, { sha256: string; size: number; bytes: Uint8Array }>(); // by plaintext hash + signer
  return {
    root,
    async publish(options) {
      const signer = options.signer ?? keys.publisher.secret;
      const sealer = await createSealer(signer, [keys.partner.certificate]);
      const folder = join(root, 'groups', options.group);
      await mkdir(join(folder, 'items'), { recursive: true });
      const entries: IndexEntry[] = [];
      const itemPaths: Record<string, string> = {};
      for (const advisory of [...options.advisories].sort((a, b) => a.id.localeCompare(b.id))) {
        let item = itemOf(advisory);
        if (options.tamperItem !== undefined) item = options.tamperItem(item);
        const plaintext = canonicalBytes(item);
        const cacheKey = `${signer.fingerprint}:${sha256(plaintext)}`;
        let file = sealed.get(cacheKey);
        if (file === undefined) {
          const bytes = await sealer.seal(plaintext);
          file = { sha256: sha256(bytes), size: bytes.byteLength, bytes };
          sealed.set(cacheKey, file);
        }
        const path = `items/${file.sha256}.pgp`;
        itemPaths[advisory.id] = join(folder, path);
        await writeFile(join(folder, path), file.bytes);
        entries.push({
          id: advisory.id, revision: advisory.revision ?? 1, modified: advisory.modified ?? '2026-01-01T00:00:00Z',
          status: advisory.status ?? 'published', path, size: file.size, sha256: file.sha256,
        });
      }
      const expires = options.expires ?? new Date(Date.now() + 7 * 86_400_000).toISOString();
      // feed-format §3.1: expires after generated, so an expired index was generated even earlier.
      const generated = options.generated ?? new Date(Math.min(Date.now(), Date.parse(expires) - 86_400_000)).toISOString();
      const index: GroupIndex = {
        format: FORMAT_VERSION,
        group: options.indexGroup ?? options.group,
        sequence: options.sequence,
        generated,
        expires,
        publisher: signer.fingerprint,
        items: entries,
      };
      const indexPath = join(folder, 'index.pgp');
      await writeFile(indexPath, await sealer.seal(canonicalBytes(options.tamperIndex === undefined ? index : options.tamperIndex(index))));
      return { index, indexPath, itemPaths };
    },
  };
}

function itemOf(advisory: TestAdvisory): ItemDocument {
  const title = advisory.title ?? `Advisory ${advisory.id}`;
  const markdown = advisory.markdown ?? `# ${title}\n\nRevision ${advisory.revision ?? 1}.\n`;
  return {
    format: FORMAT_VERSION,
    id: advisory.id,
    revision: advisory.revision ?? 1,
    modified: advisory.modified ?? '2026-01-01T00:00:00Z',
    status: advisory.status ?? 'published',
    advisory: { id: advisory.id, title, severity: 'high' },
    markdown,
    html: `<h1>${title}</h1>\n`,
  };
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
