/**
 * `products` -> CSAF product tree (§3.2.3) and per-product status: one vendor branch, one
 * product_name branch per product name, one leaf per affected range and per fixed version.
 */
import type { Product } from '../../content/types.js';

export interface CsafBranch {
  category: 'vendor' | 'product_name' | 'product_version' | 'product_version_range';
  name: string;
  branches?: CsafBranch[];
  product?: { name: string; product_id: string };
}

export interface ProductTree {
  tree: { branches: CsafBranch[] };
  /** Product ids of the affected ranges. */
  affected: string[];
  /** Product ids of the fixed versions. */
  fixed: string[];
  /** Affected ids that have a fix, with the fixed versions' text (for the vendor_fix remediation). */
  fixes: { affected: string; fixedText: string }[];
  /** Affected ids without a fix. */
  unfixed: string[];
}

// Mandatory test 6.1.31: a product_version name must not read as a range.
const RANGE_WORDS = new Set(['after', 'all', 'before', 'earlier', 'later', 'prior', 'versions']);

/** True when `name` reads as a version range (mandatory test 6.1.31's rule). */
export function looksLikeRange(name: string): boolean {
  const lower = name.toLowerCase();
  return /[<>]/.test(lower) || lower.split(/\s/).some((word) => RANGE_WORDS.has(word));
}

function leaf(vendor: string, product: string, version: string, id: string, range: boolean): CsafBranch {
  return {
    category: range ? 'product_version_range' : 'product_version',
    name: version,
    product: { name: `${vendor} ${product} ${version}`, product_id: id },
  };
}

/** Builds the tree; ids are `CSAFPID-<n>` in input order, so the same products give the same ids. */
export function buildProductTree(vendor: string, products: Product[], fallbackName: string): ProductTree {
  const list: Product[] = products.length > 0 ? products : [{ name: fallbackName, affected: 'all versions' }];
  const byName = new Map<string, CsafBranch[]>();
  const result: ProductTree = { tree: { branches: [] }, affected: [], fixed: [], fixes: [], unfixed: [] };
  let n = 0;
  for (const product of list) {
    const leaves = byName.get(product.name) ?? [];
    byName.set(product.name, leaves);
    const affectedId = `CSAFPID-${++n}`;
    // An affected text is a range unless it names one plain version (`4.2.1`).
    const affectedIsRange = looksLikeRange(product.affected) || /[=,]/.test(product.affected);
    leaves.push(leaf(vendor, product.name, product.affected, affectedId, affectedIsRange));
    result.affected.push(affectedId);
    const fixedVersions = (product.fixed ?? '').split(',').map((v) => v.trim()).filter((v) => v !== '');
    if (fixedVersions.length === 0) {
      result.unfixed.push(affectedId);
      continue;
    }
    result.fixes.push({ affected: affectedId, fixedText: fixedVersions.join(', ') });
    for (const version of fixedVersions) {
      const fixedId = `CSAFPID-${++n}`;
      leaves.push(leaf(vendor, product.name, version, fixedId, looksLikeRange(version)));
      result.fixed.push(fixedId);
    }
  }
  const productBranches = [...byName].map(([name, branches]): CsafBranch => ({ branches, category: 'product_name', name }));
  result.tree.branches.push({ branches: productBranches, category: 'vendor', name: vendor });
  return result;
}
