/**
 * A fingerprint of the code that turns a view into item plaintext: the render and CSAF modules,
 * the feed's document and canonical-JSON code, and the markdown-it version. When it and a view's
 * hash are both unchanged since the previous build, the item's plaintext is too, so the build can
 * keep the item without rendering it again. Any change of that code renders everything once.
 */
import { codeFingerprint } from '../../feed/code-fingerprint.js';

/** Item plaintext. */
const ITEM_SOURCES = ['scripts/build/render', 'scripts/build/csaf', 'scripts/feed/format.ts', 'scripts/feed/canonical-json.ts', 'scripts/build/render.ts'];
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
