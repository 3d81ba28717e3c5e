/**
 * A fingerprint of the code that turns a view into what a group publishes of it: the render and
 * CSAF modules, the feed's document and canonical-JSON code and the markdown-it version (its item
 * plaintext), and the code that writes its index entry. When it and a view's hash are both
 * unchanged since the previous build, the item's plaintext and its entry are too, so the build
 * can keep the item without rendering it again, and an index whose items are all kept without
 * writing its entries (seal-group.ts). Any change of that code renders everything once.
 */
import { codeFingerprint } from '../../feed/code-fingerprint.js';

/** Item plaintext, and the index entry of an item. */
const ITEM_SOURCES = ['scripts/build/render', 'scripts/build/csaf', 'scripts/feed/format.ts', 'scripts/feed/canonical-json.ts', 'scripts/build/render.ts', 'scripts/build/seal/index-document.ts'];
/** The public tier: its renderer, CSAF, the templates and the Eleventy config. */
const PUBLIC_SOURCES = ['scripts/build/public', 'scripts/build/csaf', 'scripts/build/render', 'templates', '.eleventy.js'];

/** Fingerprint of the code that renders items. */
export function rendererId(): Promise<string> {
  return codeFingerprint(ITEM_SOURCES, ['markdown-it']);
}

/** Fingerprint of the code that renders the public tier. */
export function publicRendererId(): Promise<string> {
  return codeFingerprint(PUBLIC_SOURCES, ['markdown-it']);
}
