/**
 * A fingerprint of the code that turns a view into item plaintext: the render and CSAF modules,
 * the feed's document and canonical-JSON code, and the markdown-it version. When it and a view's
 * hash are both unchanged since the previous build, the item's plaintext is too, so the build can
 * keep the item without rendering it again. Any change of that code renders everything once.
 */
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sha256Hex } from '../../feed/hash.js';

/** scripts/build/ (the TypeScript sources, also when this module runs compiled from dist/). */
const BUILD_DIR = fileURLToPath(new URL('../../../scripts/build/', import.meta.url));
/** Item plaintext: relative to scripts/build/. */
const ITEM_SOURCES = ['render', 'csaf', '../feed/format.ts', '../feed/canonical-json.ts', 'render.ts'];
/** The public tier: its renderer, CSAF, the templates and the Eleventy config. */
const PUBLIC_SOURCES = ['public', 'csaf', 'render', '../../templates', '../../.eleventy.js'];

const cached = new Map<string, Promise<string>>();

/** Fingerprint of the code that renders items. */
export function rendererId(): Promise<string> {
  return fingerprint(ITEM_SOURCES);
}

/** Fingerprint of the code that renders the public tier. */
export function publicRendererId(): Promise<string> {
  return fingerprint(PUBLIC_SOURCES);
}

function fingerprint(sources: string[]): Promise<string> {
  const key = sources.join('\n');
  let id = cached.get(key);
  if (id === undefined) cached.set(key, (id = compute(sources)));
  return id;
}

async function compute(sources: string[]): Promise<string> {
  const parts: string[] = [];
  for (const source of sources) {
    const full = path.join(BUILD_DIR, source);
    const files = /\.[a-z]+$/.test(source)
      ? [full]
      : (await readdir(full, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name)).sort();
    for (const file of files) parts.push(`${path.relative(BUILD_DIR, file)}\n${sha256Hex(await readFile(file))}`);
  }
  const require = createRequire(import.meta.url);
  parts.push(`markdown-it ${(require('markdown-it/package.json') as { version: string }).version}`);
  return sha256Hex(parts.join('\n'));
}
