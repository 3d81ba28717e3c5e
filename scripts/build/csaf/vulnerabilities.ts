/**
 * CSAF `vulnerabilities` (§3.2.4): one entry per CVE (or one without a CVE), each with the CVSS v3
 * score, product status, remediations and a description note.
 */
import type { AdvisoryView } from '../view.js';
import type { CsafNote } from './notes.js';
import type { ProductTree } from './product-tree.js';

/** CVSS v3.x qualitative severity rating for a base score (CVSS v3.1 specification §5). */
export function baseSeverity(score: number): 'NONE' | 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL' {
  if (score === 0) return 'NONE';
  if (score < 4) return 'LOW';
  if (score < 7) return 'MEDIUM';
  if (score < 9) return 'HIGH';
  return 'CRITICAL';
}

export function buildVulnerabilities(view: AdvisoryView, products: ProductTree): Record<string, unknown>[] {
  const { advisory } = view;
  const cvss = advisory.cvss;
  const scores =
    cvss === undefined
      ? undefined
      : [
          {
            cvss_v3: {
              baseScore: cvss.score,
              baseSeverity: baseSeverity(cvss.score),
              vectorString: cvss.vector,
              // The vector's own prefix decides the version (CVSS:3.0/ or CVSS:3.1/).
              version: cvss.vector.startsWith('CVSS:3.0/') ? '3.0' : '3.1',
            },
            products: products.affected,
          },
        ];
  const remediations: Record<string, unknown>[] = products.fixes.map((fix) => ({
    category: 'vendor_fix',
    details: `Update to ${fix.fixedText}.`,
    product_ids: [fix.affected],
  }));
  if (products.unfixed.length > 0) {
    remediations.push({ category: 'none_available', details: 'No fix is available yet.', product_ids: products.unfixed });
  }
  const notes: CsafNote[] = [
    { category: 'description', text: advisory.summary.trim() === '' ? advisory.title : advisory.summary.trim(), title: 'Summary' },
  ];
  const productStatus: Record<string, string[]> = {
    ...(products.fixed.length === 0 ? {} : { fixed: products.fixed }),
    known_affected: products.affected,
  };
  const base = (cve?: string): Record<string, unknown> => ({
    ...(cve === undefined ? {} : { cve }),
    notes,
    product_status: productStatus,
    remediations,
    ...(scores === undefined ? {} : { scores }),
    title: advisory.title,
  });
  return advisory.cve.length === 0 ? [base()] : advisory.cve.map((cve) => base(cve));
}
