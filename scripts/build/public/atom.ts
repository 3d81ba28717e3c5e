/**
 * Atom 1.0 (RFC 4287) feed of the newest public advisories. `feed/updated` is the build's `now`
 * (the one timestamp the outputs carry); entry dates come from the advisories.
 */
import { byModified, FEED_ITEMS } from './json-feed.js';
import type { AdvisoryPage, SiteData } from './site-data.js';

/** Escapes text for XML element content and double-quoted attributes; drops characters XML 1.0 forbids. */
export function escapeXml(text: string): string {
  return text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

function entry(page: AdvisoryPage, base: string): string {
  const url = escapeXml(`${base}${page.path}`);
  const categories = [page.severityLabel, ...page.cves].map((term) => `    <category term="${escapeXml(term)}"/>`);
  return [
    '  <entry>',
    `    <id>${url}</id>`,
    `    <title>${escapeXml(`${page.withdrawn ? '[Withdrawn] ' : ''}${page.id}: ${page.title}`)}</title>`,
    `    <link rel="alternate" type="text/html" href="${url}"/>`,
    `    <link rel="related" type="application/json" title="CSAF 2.0" href="${escapeXml(`${base}${page.csafPath}`)}"/>`,
    `    <published>${escapeXml(page.published)}</published>`,
    `    <updated>${escapeXml(page.modified)}</updated>`,
    ...categories,
    `    <summary type="text">${escapeXml(page.summary || page.title)}</summary>`,
    '  </entry>',
  ].join('\n');
}

export function atomFeed(site: SiteData, pages: AdvisoryPage[], base: string, now: string): string {
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">',
    `  <id>${escapeXml(`${base}atom.xml`)}</id>`,
    `  <title>${escapeXml(`${site.name} security advisories`)}</title>`,
    `  <updated>${escapeXml(now)}</updated>`,
    `  <author><name>${escapeXml(site.name)}</name><uri>${escapeXml(base)}</uri></author>`,
    `  <link rel="self" type="application/atom+xml" href="${escapeXml(`${base}atom.xml`)}"/>`,
    `  <link rel="alternate" type="text/html" href="${escapeXml(base)}"/>`,
    `  <generator>advisory-feed</generator>`,
    ...byModified(pages).slice(0, FEED_ITEMS).map((page) => entry(page, base)),
    '</feed>',
    '',
  ].join('\n');
}
