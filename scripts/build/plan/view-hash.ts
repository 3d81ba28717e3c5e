/**
 * The cache key of a view: SHA-256 of the canonical JSON of everything in it except `group`, so
 * two groups that see the same text, metadata and top tier share one render and one signature.
 */
import { createHash } from 'node:crypto';
import type { AdvisoryView } from '../view.js';
import { canonicalJson } from '../../feed/canonical-json.js';

export function hashView(view: Omit<AdvisoryView, 'viewHash'>): string {
  const { group: _group, ...shared } = view;
  return createHash('sha256').update(canonicalJson(shared), 'utf8').digest('hex');
}
