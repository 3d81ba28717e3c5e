/**
 * CONTRACT STUB (owned by the public-site/CSAF work): one advisory view as a CSAF 2.0 document
 * (profile csaf_security_advisory), TLP label from the view's top tier. Returns undefined until
 * implemented; the seal stage puts the result into the item as `csaf`.
 */
import type { Program } from '../../content/types.js';
import type { AdvisoryView } from '../view.js';

export function toCsaf(_view: AdvisoryView, _program: Program): Record<string, unknown> | undefined {
  return undefined;
}
