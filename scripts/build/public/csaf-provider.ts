/**
 * The CSAF 2.0 trusted-provider layout (§7.1) for the public (TLP:WHITE) documents, directory-based
 * distribution (requirements 11-14; no ROLIE feed):
 *
 *   .well-known/csaf/provider-metadata.json          requirements 7, 9 (signed)
 *   .well-known/csaf/openpgp/<FINGERPRINT>.asc       requirement 20
 *   .well-known/csaf/white/index.txt                 requirement 12
 *   .well-known/csaf/white/changes.csv               requirement 13, newest first
 *   .well-known/csaf/white/<YYYY>/<file>.json        requirements 1, 2, 11 (+ .asc: requirement 19)
 *   .well-known/csaf/white/<YYYY>/<file>.json.sha256 requirement 18
 *   .well-known/csaf/white/<YYYY>/<file>.json.sha512 requirement 18
 */
import { createHash } from 'node:crypto';
import type { Program } from '../../content/types.js';
import { siteBase, toCsaf, toCsafTlp } from '../csaf/index.js';
import { buildTracking } from '../csaf/tracking.js';
import type { AdvisoryView } from '../view.js';
import type { PublicFile } from './index.js';
import { csafPathOf } from './site-data.js';

const WHITE = '.well-known/csaf/white/';
const encoder = new TextEncoder();

function file(path: string, text: string, sign = false): PublicFile {
  return { path, data: encoder.encode(text), sign };
}

/** `<hex>  <name>\n`, the `sha256sum` format §7.1.18 allows (the hash first, then the file name). */
function hashFile(algorithm: 'sha256' | 'sha512', data: Uint8Array, name: string): string {
  return `${createHash(algorithm).update(data).digest('hex')}  ${name}\n`;
}

/** Path of the publisher's public key inside the layout. */
export function keyPath(fingerprint: string): string {
  return `.well-known/csaf/openpgp/${fingerprint.replace(/\s+/g, '').toUpperCase()}.asc`;
}

/**
 * Renders every view's CSAF document into the layout. Views whose top tier is not TLP:WHITE are
 * skipped: this folder is open to everyone (requirement 4), so only WHITE may be in it.
 */
export function csafProviderFiles(views: AdvisoryView[], program: Program, publisher: { fingerprint: string; armored: string }, only?: ReadonlySet<string>): PublicFile[] {
  const { files, changes } = csafDocuments(views, program, only);
  return [...files, ...csafIndexFiles(changes, program, publisher)];
}

/** One entry of index.txt / changes.csv. */
export interface CsafChange {
  path: string;
  date: string;
}

/** The documents of `views` (and their hash files), and their entries for the index files. */
export function csafDocuments(views: AdvisoryView[], program: Program, only?: ReadonlySet<string>): { files: PublicFile[]; changes: CsafChange[] } {
  const files: PublicFile[] = [];
  const changes: CsafChange[] = [];
  for (const view of views) {
    // `only` (incremental builds): an unchanged view keeps its document files from the previous
    // build; it is still listed in index.txt and changes.csv.
    const tier = only === undefined || only.has(view.advisory.id) ? undefined : program.tiers.find((t) => t.name === view.topTier);
    if (tier !== undefined) {
      if (toCsafTlp(tier.tlp) === 'WHITE') changes.push({ path: csafPathOf(view).slice(WHITE.length), date: buildTracking(view).current_release_date });
      continue;
    }
    const document = toCsaf(view, program) as { document: { distribution: { tlp: { label: string } }; tracking: { current_release_date: string } } };
    if (document.document.distribution.tlp.label !== 'WHITE') continue;
    const path = csafPathOf(view);
    const name = path.slice(path.lastIndexOf('/') + 1);
    const json = file(path, `${JSON.stringify(document, null, 2)}\n`, true);
    files.push(json, file(`${path}.sha256`, hashFile('sha256', json.data, name)), file(`${path}.sha512`, hashFile('sha512', json.data, name)));
    changes.push({ path: path.slice(WHITE.length), date: document.document.tracking.current_release_date });
  }
  return { files, changes };
}

/** index.txt, changes.csv, the key and provider-metadata.json, over every document's entry. */
export function csafIndexFiles(entries: CsafChange[], program: Program, publisher: { fingerprint: string; armored: string }): PublicFile[] {
  const base = siteBase(program);
  const files: PublicFile[] = [];
  const changes = [...entries];
  // §7.1.13: newest first; ties by path so the file is deterministic.
  changes.sort((x, y) => (x.date === y.date ? (x.path < y.path ? -1 : 1) : x.date < y.date ? 1 : -1));
  const index = [...changes].map((c) => c.path).sort();
  files.push(file(`${WHITE}index.txt`, index.map((p) => `${p}\n`).join('')));
  files.push(file(`${WHITE}changes.csv`, changes.map((c) => `"${c.path}","${c.date}"\n`).join('')));
  const fingerprint = publisher.fingerprint.replace(/\s+/g, '').toUpperCase();
  files.push(file(keyPath(fingerprint), `${publisher.armored.trim()}\n`));
  const metadata = {
    canonical_url: `${base}.well-known/csaf/provider-metadata.json`,
    distributions: [{ directory_url: `${base}${WHITE}` }],
    // The newest change, not the build time: unchanged content gives an unchanged file.
    last_updated: changes[0]?.date ?? '1970-01-01T00:00:00Z',
    list_on_CSAF_aggregators: true,
    metadata_version: '2.0',
    mirror_on_CSAF_aggregators: true,
    public_openpgp_keys: [{ fingerprint, url: `${base}${keyPath(fingerprint)}` }],
    publisher: {
      category: 'vendor',
      ...(program.publisher.contact === '' ? {} : { contact_details: program.publisher.contact }),
      name: program.publisher.name,
      namespace: program.publisher.namespace,
    },
    role: 'csaf_trusted_provider',
  };
  files.push(file('.well-known/csaf/provider-metadata.json', `${JSON.stringify(metadata, null, 2)}\n`, true));
  return files;
}
