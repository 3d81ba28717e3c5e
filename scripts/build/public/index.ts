/**
 * The public tier's outputs: the HTML site (Eleventy), JSON Feed 1.1, Atom, and the CSAF 2.0
 * trusted-provider layout. Input: the public audience's views only (already filtered by plan).
 * Output: the files to write, relative to --out; the write stage adds a detached `.asc` beside
 * every file with `sign: true`. Deterministic: the same views, program, key and `now` give the
 * same bytes (`now` appears only in atom.xml's feed-level `updated`). docs/public-outputs.md.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Program } from '../../content/types.js';
import { siteBase } from '../csaf/index.js';
import type { AdvisoryView } from '../view.js';
import { atomFeed } from './atom.js';
import { publicError } from './codes.js';
import { csafDocuments, csafIndexFiles, keyPath, type CsafChange } from './csaf-provider.js';
import { jsonFeed } from './json-feed.js';
import { sha256Hex } from '../../feed/hash.js';
import { KEY_PAGE, listingFile, paginate, renderSite, TEMPLATES_DIR } from './site.js';
import type { RenderSite } from './site-renderer.js';
import { siteData, sortPages, toAdvisoryPage, toListedPage } from './site-data.js';

export interface PublicFile {
  /** Relative to --out, forward slashes, e.g. `index.html`, `feed.json`, `.well-known/csaf/...`. */
  path: string;
  data: Uint8Array;
  /** Write a detached OpenPGP signature beside it as `<path>.asc`. */
  sign: boolean;
}

export interface PublicContext {
  program: Program;
  /** ISO date-time of the build (`--now`). */
  now: string;
  publisher: { fingerprint: string; armored: string };
}

export interface RenderOptions {
  /**
   * Ids of the only advisories whose pages and CSAF documents are rendered (the rest are
   * unchanged since the previous build, which keeps their files); listings, feeds and the CSAF
   * index files still cover every view.
   */
  only?: ReadonlySet<string>;
  /**
   * With `only`: whether the previous build's file of a listing page or the key page may stay,
   * given the hash of what it is rendered from now (same hash and the file intact). Pages it
   * keeps are not rendered.
   */
  pageKept?: (path: string, inputHash: string) => boolean;
  /** Renders the HTML (site-renderer.ts; default: renderSite in this thread). */
  render?: RenderSite;
}

/** feed-format §6: every advisory page SHOULD carry a detached signature (listings and the key page need none). */
export function isSignedPage(path: string): boolean {
  return path.startsWith('advisories/');
}

/** What renderPublicBatches did besides emitting files. */
export interface RenderedPublic {
  /** Listing and key page path -> hash of what it is rendered from (BuildState.publicPages). */
  pageInputs: Record<string, string>;
  /** The pages `pageKept` kept: not rendered, not emitted. */
  keptPages: string[];
}

const encoder = new TextEncoder();

/**
 * Renders the public site, feeds and CSAF layout for `views`. Throws PUBLIC_VIEW_NOT_PUBLIC when a
 * view of a higher tier slipped in (a plan bug: refusing is the safe answer), PUBLIC_PATH_CLASH
 * when two advisories map to one page, PUBLIC_RENDER_FAILED when Eleventy fails.
 */
export async function renderPublic(views: AdvisoryView[], context: PublicContext, options: RenderOptions = {}): Promise<PublicFile[]> {
  const files: PublicFile[] = [];
  await renderPublicBatches(views, context, { ...options, pageKept: undefined, batch: Infinity }, async (batch) => {
    files.push(...batch);
  });
  return files;
}

/**
 * renderPublic in batches of `options.batch` advisory pages (with their CSAF documents): each
 * batch is handed to `emit`, and awaited, before the next is rendered, so memory holds one batch
 * and not the whole site (Eleventy keeps every page it renders). The listings, the key page, the
 * feeds and the CSAF index files come with the first and last batches.
 */
export async function renderPublicBatches(
  views: AdvisoryView[],
  context: PublicContext,
  options: RenderOptions & { batch: number },
  emit: (files: PublicFile[]) => Promise<void>,
): Promise<RenderedPublic> {
  const { program, now, publisher } = context;
  const publicTier = program.tiers[0]?.name;
  for (const view of views) {
    if (view.topTier !== publicTier) {
      throw publicError('PUBLIC_VIEW_NOT_PUBLIC', `Expected only views of the public tier "${publicTier}", got ${view.advisory.id} at "${view.topTier}"`, {
        hint: 'This is a bug in the plan stage: it must hand renderPublic the public group\'s views only.',
      });
    }
  }
  const { only } = options;
  // Listings and feeds never print a page's HTML: it is made per batch, for detail pages only.
  const pages = sortPages(views.map(toListedPage));
  const seen = new Set<string>();
  for (const page of pages) {
    if (seen.has(page.path)) {
      throw publicError('PUBLIC_PATH_CLASH', `Expected one advisory per page, got two at ${page.path} (${page.id})`, {
        hint: 'Advisory ids must differ in more than letter case.',
      });
    }
    seen.add(page.path);
  }
  const base = siteBase(program);
  const site = siteData(program, pages, publisher, keyPath(publisher.fingerprint));
  const byId = new Map(views.map((v) => [v.advisory.id, v]));
  const detail = pages.filter((p) => only === undefined || only.has(p.id)).map((p) => byId.get(p.id) as AdvisoryView);
  // A listing page is rendered from the site data and its own listing (its advisories, its
  // neighbours, the page count), the key page from the site data: the same input, the same bytes.
  // `updated`-like site-wide values would make every page change with every edit: SiteData has none.
  // Hashed as JSON.stringify writes them, not canonically: a hash only this code compares need not
  // be canonical, site-data.ts makes every object with its fields in one order, and sorting the
  // keys of 10,000 pages took ~0.25 s of every build that renders the public tier (an edit).
  const listings = paginate(pages);
  const pageInputs: Record<string, string> = { [KEY_PAGE]: sha256Hex(JSON.stringify({ site })) };
  for (const listing of listings) pageInputs[listingFile(listing)] = sha256Hex(JSON.stringify({ site, listing }));
  const kept = new Set(only === undefined || options.pageKept === undefined
    ? []
    : Object.keys(pageInputs).filter((path) => options.pageKept?.(path, pageInputs[path] as string)));
  const changedListings = listings.filter((listing) => !kept.has(listingFile(listing)));
  const size = Math.max(1, options.batch);
  const changes: CsafChange[] = [];
  const emitted = new Set<string>(kept);
  const renderNeeded = detail.length > 0 || changedListings.length > 0 || !kept.has(KEY_PAGE);
  for (let start = 0; renderNeeded && (start === 0 || start < detail.length); start += size) {
    const batch = detail.slice(start, start + size);
    const detailPages = batch.map(toAdvisoryPage);
    const listed = start === 0 ? changedListings : [];
    const html = await (options.render === undefined ? renderSite(site, detailPages, detailPages, listed) : options.render(site, detailPages, listed));
    const files: PublicFile[] = [...html]
      .filter(([path]) => !emitted.has(path)) // the key page comes with every batch
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([path, text]) => ({ path, data: encoder.encode(text), sign: isSignedPage(path) }));
    for (const f of files) emitted.add(f.path);
    const documents = csafDocuments(batch, program);
    changes.push(...documents.changes);
    await emit([...files, ...documents.files]);
  }
  // Unchanged views (incremental builds) keep their documents, and stay in the index files.
  if (only !== undefined) changes.push(...csafDocuments(views.filter((v) => !only.has(v.advisory.id)), program, new Set()).changes);
  await emit([
    { path: 'assets/site.css', data: readFileSync(join(TEMPLATES_DIR, 'assets', 'site.css')), sign: false },
    { path: 'feed.json', data: encoder.encode(jsonFeed(site, pages, base)), sign: true },
    { path: 'atom.xml', data: encoder.encode(atomFeed(site, pages, base, now)), sign: true },
    ...csafIndexFiles(changes, program, publisher),
  ]);
  return { pageInputs, keptPages: [...kept].sort() };
}
