/**
 * The plaintext of an item file (docs/feed-format.md, "Items"): one view, its HTML and, when
 * rendered, its CSAF document, as canonical JSON bytes. It names no group, so groups that see the
 * same view share the same bytes (and one signature).
 */
import { createHash } from 'node:crypto';
import { FORMAT_VERSION, type ItemDocument } from '../../feed/format.js';
import type { AdvisoryView } from '../view.js';
import { canonicalJson } from '../plan/canonical-json.js';

export function itemDocument(view: AdvisoryView, html: string, csaf: Record<string, unknown> | undefined): ItemDocument {
  const doc: ItemDocument = {
    format: FORMAT_VERSION,
    id: view.advisory.id,
    revision: view.revision,
    modified: view.modified,
    status: view.status,
    advisory: view.advisory as unknown as Record<string, unknown>,
    markdown: view.markdown,
    html,
  };
  if (csaf !== undefined) doc.csaf = csaf;
  return doc;
}

export function encodeDocument(doc: unknown): Uint8Array {
  return new TextEncoder().encode(canonicalJson(doc));
}

export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}
