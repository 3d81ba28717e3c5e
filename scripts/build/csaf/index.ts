/**
 * One advisory view as a CSAF 2.0 document, profile `csaf_security_advisory` (CSAF 2.0 §4.5).
 * Everything comes from the view and the program: the view is already what its audience may
 * see, so the document is exactly that audience's CSAF. The TLP label comes from the view's
 * top tier (tlp.ts). Pure and deterministic: no clock, no I/O beyond reading package.json once.
 */
import type { Program } from '../../content/types.js';
import type { AdvisoryView } from '../view.js';
import { csafError } from './codes.js';
import { csafFilename } from './filename.js';
import { buildDocumentNotes } from './notes.js';
import { buildProductTree } from './product-tree.js';
import { sortKeys } from './sort-keys.js';
import { normaliseTlp, toCsafTlp } from './tlp.js';
import { buildTracking } from './tracking.js';
import { buildVulnerabilities } from './vulnerabilities.js';

export { csafFilename } from './filename.js';
export { toCsafTlp } from './tlp.js';

const TLP_URL = 'https://www.first.org/tlp/';

/** The URL in normalised form (percent-encoded, so it is a valid `uri`) when it is http(s), else undefined. */
export function webUrl(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/** Base URL of the public site, always ending in `/`. */
export function siteBase(program: Program): string {
  return program.publisher.url.endsWith('/') ? program.publisher.url : `${program.publisher.url}/`;
}

/** URL of a public (TLP:WHITE) CSAF document in the trusted-provider layout. */
export function publicCsafUrl(program: Program, year: string, trackingId: string): string {
  return `${siteBase(program)}.well-known/csaf/white/${year}/${csafFilename(trackingId)}`;
}

/**
 * Renders `view` as a CSAF 2.0 document. Throws CSAF_TIER_UNKNOWN when the view's top tier is not
 * a tier of `program`, CSAF_TLP_INVALID when that tier's `tlp` is not a TLP label.
 */
export function toCsaf(view: AdvisoryView, program: Program): Record<string, unknown> {
  const tier = program.tiers.find((t) => t.name === view.topTier);
  if (tier === undefined) {
    throw csafError('CSAF_TIER_UNKNOWN', `Expected the top tier of ${view.advisory.id} to be a program tier, got "${view.topTier}"`, {
      hint: 'Add the tier to partners/program.yaml or fix the plan stage.',
    });
  }
  const label = toCsafTlp(tier.tlp);
  const { advisory } = view;
  const publisher = program.publisher;
  const tracking = buildTracking(view);
  const products = buildProductTree(publisher.name, advisory.products, advisory.title);
  const references: Record<string, unknown>[] = [];
  if (label === 'WHITE') {
    const year = tracking.initial_release_date.slice(0, 4);
    references.push({ category: 'self', summary: 'Canonical URL of this CSAF document', url: publicCsafUrl(program, year, advisory.id) });
  }
  for (const ref of advisory.references) {
    const url = webUrl(ref.url);
    if (url !== undefined) references.push({ category: 'external', summary: ref.title ?? ref.url, url });
  }
  // Profile test 6.1.27.2 wants one external reference; the publisher's site always is one and
  // says nothing about the advisory.
  const home = webUrl(publisher.url);
  if (!references.some((r) => r.category === 'external') && home !== undefined) {
    references.push({ category: 'external', summary: `Security advisories of ${publisher.name}`, url: home });
  }
  const document: Record<string, unknown> = {
    ...(advisory.credits.length === 0 ? {} : { acknowledgments: [{ names: advisory.credits }] }),
    category: 'csaf_security_advisory',
    csaf_version: '2.0',
    distribution: { text: `TLP:${normaliseTlp(tier.tlp)}`, tlp: { label, url: TLP_URL } },
    lang: 'en',
    notes: buildDocumentNotes(view),
    publisher: {
      category: 'vendor',
      ...(publisher.contact === '' ? {} : { contact_details: publisher.contact }),
      name: publisher.name,
      namespace: publisher.namespace,
    },
    references,
    title: advisory.title,
    tracking,
  };
  return sortKeys({ document, product_tree: products.tree, vulnerabilities: buildVulnerabilities(view, products) }) as Record<string, unknown>;
}
