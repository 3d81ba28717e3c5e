/**
 * The plaintext of an item file (feed-format §3.3): one view, its HTML and, when
 * rendered, its CSAF document, as canonical JSON bytes. It names no group, so groups that see the
 * same view share the same bytes (and one signature).
 */
import { canonicalBytes } from '../../feed/canonical-json.js';
import { FORMAT_VERSION, type ItemDocument } from '../../feed/format.js';
import type { AdvisoryView } from '../view.js';

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

/** Canonical JSON bytes (feed-format §4): equal documents, equal bytes, equal hashes. */
export const encodeDocument = canonicalBytes;
