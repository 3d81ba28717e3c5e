/**
 * Views -> the plain data the public templates print. All decisions are made here in TypeScript
 * (sorting, dates, which references may be links, Markdown -> HTML); the templates only print,
 * with Nunjucks autoescape on, so a `{{ }}` in a title is text and never a template.
 */
import type { Program, Severity } from '../../content/types.js';
import { csafFilename } from '../csaf/filename.js';
import { initialReleaseDate } from '../csaf/tracking.js';
import { baseSeverity } from '../csaf/vulnerabilities.js';
import type { AdvisoryView } from '../view.js';
import { safeHref, slugOf } from './links.js';
import { renderMarkdown } from './markdown.js';

export interface AdvisoryPage {
  id: string;
  slug: string;
  /** Path of the page relative to the site root, a directory URL: `advisories/adv-2025-0042/`. */
  path: string;
  title: string;
  summary: string;
  severity: Severity;
  severityLabel: string;
  cvss: { score: string; vector: string; rating: string } | null;
  cves: string[];
  products: { name: string; affected: string; fixed: string }[];
  /** Oldest first, numbered from 1. */
  revisions: { number: number; date: string; note: string }[];
  credits: string[];
  references: { href: string | null; text: string }[];
  withdrawn: boolean;
  withdrawnReason: string;
  /** The view's Markdown as HTML (raw HTML off). */
  html: string;
  /** ISO date-time of first publication and of the latest change; `*Day` is the YYYY-MM-DD part. */
  published: string;
  publishedDay: string;
  modified: string;
  modifiedDay: string;
  /** CSAF document path relative to the site root. */
  csafPath: string;
}

const SEVERITY_LABEL: Record<Severity, string> = { critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low', none: 'None' };

/** `.well-known/csaf/white/<year>/<file>`: CSAF 2.0 §7.1.11, the year of the initial release. */
export function csafPathOf(view: AdvisoryView): string {
  return `.well-known/csaf/white/${initialReleaseDate(view).slice(0, 4)}/${csafFilename(view.advisory.id)}`;
}

export function toAdvisoryPage(view: AdvisoryView): AdvisoryPage {
  return pageOf(view, true);
}

/** The page without its HTML: listings and feeds never print it (incremental builds skip it). */
export function toListedPage(view: AdvisoryView): AdvisoryPage {
  return pageOf(view, false);
}

function pageOf(view: AdvisoryView, withHtml: boolean): AdvisoryPage {
  const a = view.advisory;
  const slug = slugOf(a.id);
  const published = initialReleaseDate(view);
  const modified = view.modified > published ? view.modified : published;
  return {
    id: a.id,
    slug,
    path: `advisories/${slug}/`,
    title: a.title,
    summary: a.summary,
    severity: a.severity,
    severityLabel: SEVERITY_LABEL[a.severity] ?? a.severity,
    cvss: a.cvss === undefined ? null : { score: a.cvss.score.toFixed(1), vector: a.cvss.vector, rating: baseSeverity(a.cvss.score) },
    cves: a.cve,
    products: a.products.map((p) => ({ name: p.name, affected: p.affected, fixed: p.fixed ?? '' })),
    revisions: a.revisions.map((r, i) => ({ number: i + 1, date: r.date.slice(0, 10), note: r.note })),
    credits: a.credits,
    references: a.references.map((r) => ({ href: safeHref(r.url) ?? null, text: r.title ?? r.url })),
    withdrawn: view.status === 'withdrawn',
    withdrawnReason: a.withdrawnReason ?? '',
    html: withHtml ? renderMarkdown(view.markdown) : '',
    published,
    publishedDay: published.slice(0, 10),
    modified,
    modifiedDay: modified.slice(0, 10),
    csafPath: csafPathOf(view),
  };
}

/** Newest first by first publication, then by id (descending) so the order is total. */
export function sortPages(pages: AdvisoryPage[]): AdvisoryPage[] {
  return [...pages].sort((x, y) => (x.published === y.published ? (x.id < y.id ? 1 : x.id > y.id ? -1 : 0) : x.published < y.published ? 1 : -1));
}

export interface SiteData {
  name: string;
  url: string;
  contact: string;
  contactHref: string | null;
  key: { fingerprint: string; fingerprintGroups: string; armored: string; path: string };
}

export function siteData(program: Program, pages: AdvisoryPage[], publisher: { fingerprint: string; armored: string }, keyPath: string): SiteData {
  const fingerprint = publisher.fingerprint.replace(/\s+/g, '').toUpperCase();
  const contact = program.publisher.contact;
  return {
    name: program.publisher.name,
    url: program.publisher.url,
    contact: contact.replace(/^mailto:/, ''),
    contactHref: safeHref(contact.includes('@') && !contact.includes(':') ? `mailto:${contact}` : contact) ?? null,
    key: { fingerprint, fingerprintGroups: fingerprint.replace(/(.{4})(?=.)/g, '$1 '), armored: publisher.armored.trim(), path: keyPath },
  };
}
