/**
 * Runs Eleventy 3 over templates/ with the public pages as global data and returns the rendered
 * HTML in memory (`toJSON()`: nothing is written by Eleventy). Advisories reach Eleventy only as
 * data (pagination over `advisories` and `listings`), never as template files, so their text is
 * never parsed as a template; Nunjucks autoescapes every value the templates print.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { markdown } from '../render/markdown.js';
import { publicError } from './codes.js';
import type { AdvisoryPage, SiteData } from './site-data.js';

export const TEMPLATES_DIR = fileURLToPath(new URL('../../../templates/', import.meta.url));

/** The repository's own Eleventy configuration, by absolute path (see the comment in renderSite). */
export const ELEVENTY_CONFIG = fileURLToPath(new URL('../../../.eleventy.js', import.meta.url));

/** Advisories per index page: keeps every page small when there are thousands. */
export const PAGE_SIZE = 100;

export interface Listing {
  number: number;
  count: number;
  /** Directory of the page relative to the site root ('' for the first page). */
  path: string;
  /** Relative prefix from the page back to the site root. */
  root: string;
  prev: string | null;
  next: string | null;
  items: AdvisoryPage[];
}

/** Splits the sorted pages into index pages: `index.html`, `page/2/index.html`, ... */
export function paginate(pages: AdvisoryPage[], size = PAGE_SIZE): Listing[] {
  const count = Math.max(1, Math.ceil(pages.length / size));
  const pathOf = (n: number): string => (n === 1 ? '' : `page/${n}/`);
  return Array.from({ length: count }, (_, i) => ({
    number: i + 1,
    count,
    path: pathOf(i + 1),
    root: i === 0 ? './' : '../../',
    prev: i === 0 ? null : pathOf(i) || './',
    next: i + 1 < count ? pathOf(i + 2) : null,
    items: pages.slice(i * size, (i + 1) * size),
  }));
}

interface JsonPage {
  outputPath: string | false;
  content: string;
}

/** The file of a listing page, relative to the site root. */
export function listingFile(listing: Listing): string {
  return `${listing.path}index.html`;
}

/** The signing key's page (templates/key.njk), rendered with every run. */
export const KEY_PAGE = 'key/index.html';

/**
 * Renders the site; returns site-relative paths (forward slashes) -> HTML. `detail`: the pages
 * to render an advisory page for (default all); `listings`: the listing pages to render (default
 * every page of `pages`; none in later batches of a batched render, only the changed ones in an
 * incremental build). The key page comes with every run.
 */
export async function renderSite(site: SiteData, pages: AdvisoryPage[], detail: AdvisoryPage[] = pages, listings: Listing[] = paginate(pages)): Promise<Map<string, string>> {
  // Imported on first use (~1 s): a rebuild whose public tier is unchanged never loads Eleventy.
  const { default: Eleventy } = await import('@11ty/eleventy');
  const output = await mkdtemp(join(tmpdir(), 'advisory-feed-site-'));
  try {
    const eleventy = new Eleventy(TEMPLATES_DIR, output, {
      quietMode: true,
      // Our .eleventy.js by absolute path: a config file found in the working directory (the
      // content repo, the bench's temp folder) could be anyone's. It registers the templates'
      // formats; the shared markdown-it instance and this build's data are added here (from this
      // module's own graph, so the config file needs no TypeScript loader when run from dist/).
      configPath: ELEVENTY_CONFIG,
      config(config: EleventyUserConfig) {
        config.setLibrary('md', markdown);
        config.addGlobalData('site', site);
        config.addGlobalData('advisories', detail);
        config.addGlobalData('listings', listings);
      },
    });
    const results = (await eleventy.toJSON()) as JsonPage[];
    const files = new Map<string, string>();
    for (const page of results) {
      if (page.outputPath === false) continue;
      files.set(relative(output, page.outputPath).split(sep).join('/'), page.content);
    }
    return files;
  } catch (error) {
    throw publicError('PUBLIC_RENDER_FAILED', `Expected Eleventy to render the public site, got ${(error as Error).message}`, {
      path: 'templates/',
      cause: error,
      hint: 'Run the build with DEBUG=Eleventy* to see which template failed.',
    });
  } finally {
    await rm(output, { recursive: true, force: true });
  }
}

interface EleventyUserConfig {
  addGlobalData(name: string, data: unknown): void;
  setLibrary(format: string, library: unknown): void;
}
