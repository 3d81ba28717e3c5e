/**
 * JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/) of the newest public advisories. Items
 * carry a `_advisory` extension (JSON Feed §"Extensions": keys starting with `_`) with the fields a
 * SIEM wants without parsing HTML: severity, CVSS, CVEs, status and the CSAF document's URL.
 */
import type { AdvisoryPage, SiteData } from './site-data.js';

/** How many advisories the feeds carry (newest first); the CSAF index lists all of them. */
export const FEED_ITEMS = 100;

/** Newest change first, then id: what a feed reader should see on top. */
export function byModified(pages: AdvisoryPage[]): AdvisoryPage[] {
  return [...pages].sort((x, y) => (x.modified === y.modified ? (x.id < y.id ? 1 : -1) : x.modified < y.modified ? 1 : -1));
}

export function jsonFeed(site: SiteData, pages: AdvisoryPage[], base: string): string {
  const feed = {
    version: 'https://jsonfeed.org/version/1.1',
    title: `${site.name} security advisories`,
    home_page_url: base,
    feed_url: `${base}feed.json`,
    description: `Security advisories published by ${site.name}, newest change first.`,
    language: 'en',
    authors: [{ name: site.name, url: base }],
    items: byModified(pages)
      .slice(0, FEED_ITEMS)
      .map((page) => ({
        id: `${base}${page.path}`,
        url: `${base}${page.path}`,
        title: `${page.withdrawn ? '[Withdrawn] ' : ''}${page.id}: ${page.title}`,
        summary: page.summary,
        content_text: page.summary || page.title,
        date_published: page.published,
        date_modified: page.modified,
        tags: [page.severityLabel, ...page.cves],
        _advisory: {
          id: page.id,
          severity: page.severity,
          cvss: page.cvss === null ? null : { score: Number(page.cvss.score), vector: page.cvss.vector },
          cve: page.cves,
          status: page.withdrawn ? 'withdrawn' : 'published',
          csaf: `${base}${page.csafPath}`,
        },
      })),
  };
  return `${JSON.stringify(feed, null, 2)}\n`;
}
