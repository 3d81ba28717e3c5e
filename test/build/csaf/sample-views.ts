/**
 * Synthetic programs and advisory views for the CSAF and public-site suites: varied on purpose
 * (no CVE, several CVEs, no CVSS, no fix, several fixes, ranges, withdrawn, every TLP label,
 * odd ids, template syntax and HTML in text) so every branch of the renderers is exercised.
 */
import type { Program, Tier } from '../../../scripts/content/types.js';
import type { AdvisoryView, ViewMetadata } from '../../../scripts/build/view.js';

export const TIERS: Tier[] = [
  { name: 'public', rank: 0, tlp: 'CLEAR' },
  { name: 'partners', rank: 1, tlp: 'GREEN' },
  { name: 'details', rank: 2, tlp: 'AMBER' },
  { name: 'strict', rank: 3, tlp: 'AMBER+STRICT' },
  { name: 'poc', rank: 4, tlp: 'RED' },
];

export function sampleProgram(overrides: Partial<Program['publisher']> = {}): Program {
  return {
    publisher: {
      name: 'Example Systems',
      namespace: 'https://security.example.com',
      contact: 'mailto:psirt@example.com',
      url: 'https://security.example.com/',
      ...overrides,
    },
    tiers: TIERS,
    groups: [
      { id: 'public', name: 'Everyone', tiers: ['public'], public: true },
      { id: 'mapp', name: 'Partners', tiers: ['public', 'partners', 'details'], public: false },
    ],
    feed: { expiresAfter: 7 * 86400, graceAfter: 86400 },
    source: { path: 'partners/program.yaml', line: 1 },
  };
}

/** A view of `advisory` (defaults filled in) for the tiers up to `topTier`. */
export function makeView(advisory: Partial<ViewMetadata> & { id: string }, options: { topTier?: string; markdown?: string } = {}): AdvisoryView {
  const topTier = options.topTier ?? 'public';
  const rank = TIERS.find((t) => t.name === topTier)?.rank ?? 0;
  const meta: ViewMetadata = {
    title: `Remote code execution in Example Server (${advisory.id})`,
    summary: 'An unauthenticated attacker can run code on the server.',
    severity: 'critical',
    cvss: { vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', score: 9.8 },
    cve: ['CVE-2025-10001'],
    products: [{ name: 'Example Server', affected: '>= 4.0, < 4.2.3', fixed: '4.2.3' }],
    tier: 'public',
    release: { public: '2025-07-08T00:00:00Z' },
    revisions: [{ date: '2025-07-08T00:00:00Z', note: 'Initial publication.' }],
    status: 'published',
    credits: ['Jane Doe (Example Research)'],
    references: [{ url: 'https://www.cve.org/CVERecord?id=CVE-2025-10001', title: 'CVE-2025-10001' }],
    ...advisory,
  };
  const modified = meta.revisions[meta.revisions.length - 1]?.date ?? Object.values(meta.release).sort()[0] ?? '2025-01-01T00:00:00Z';
  return {
    tiers: TIERS.filter((t) => t.rank <= rank).map((t) => t.name),
    topTier,
    advisory: meta,
    markdown: options.markdown ?? '## Impact\n\nAn attacker can run code as the service user.\n\n## Mitigation\n\nUpdate, or block port 8443.\n',
    revision: meta.revisions.length,
    modified,
    status: meta.status === 'withdrawn' ? 'withdrawn' : 'published',
    viewHash: `hash-${advisory.id}-${topTier}`,
  };
}

/** The varied set: public views first, then partner-tier views of each TLP label. */
export function sampleViews(): AdvisoryView[] {
  return [
    makeView({ id: 'ADV-2025-0001' }),
    makeView({
      id: 'ADV-2025-0002',
      title: 'Information disclosure in Example Gateway',
      severity: 'medium',
      cvss: { vector: 'CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:N', score: 6.5 },
      cve: ['CVE-2025-10002', 'CVE-2025-10003'],
      products: [
        { name: 'Example Gateway', affected: '< 2.8.1', fixed: '2.8.1, 2.7.9' },
        { name: 'Example Gateway', affected: '3.0.0', fixed: '3.0.1' },
        { name: 'Example Agent', affected: 'all versions before 1.4' },
      ],
      release: { public: '2025-08-01T12:00:00Z' },
      revisions: [
        { date: '2025-08-01T12:00:00Z', note: 'Initial publication.' },
        { date: '2025-08-05T09:30:00Z', note: 'Added the fix for the 2.7 branch.' },
      ],
      credits: [],
      references: [],
    }),
    makeView({
      id: 'ADV-2024-0107',
      title: 'Denial of service in Example Agent',
      severity: 'low',
      cvss: { vector: 'CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:L/I:N/A:N', score: 3.3 },
      cve: [],
      products: [{ name: 'Example Agent', affected: '1.2.0' }],
      release: { public: '2024-11-30T00:00:00Z' },
      revisions: [],
    }),
    makeView(
      {
        id: 'ADV-2025-0003',
        title: 'Withdrawn: privilege escalation in Example Console',
        severity: 'high',
        cvss: undefined,
        status: 'withdrawn',
        withdrawnReason: 'The issue was a duplicate of ADV-2025-0001.',
        release: { public: '2025-07-20T00:00:00Z' },
        revisions: [
          { date: '2025-07-20T00:00:00Z', note: 'Initial publication.' },
          { date: '2025-07-22T00:00:00Z', note: 'Withdrawn: duplicate of ADV-2025-0001.' },
        ],
      },
      { markdown: '' },
    ),
    makeView(
      {
        id: 'ADV-2025-0004',
        title: 'Template {{ 7*7 }} and {% raw %} <script>alert(1)</script> in a title',
        summary: 'Summary with {{ 7*7 }} and <b>bold</b> & an ampersand.',
        severity: 'none',
        cvss: { vector: 'CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N', score: 0 },
        release: { public: '2025-06-01T00:00:00Z' },
        revisions: [{ date: '2025-06-01T00:00:00Z', note: 'Initial {{ 7*7 }} publication.' }],
        credits: ['<script>alert("credit")</script>'],
        references: [
          { url: 'javascript:alert(1)', title: 'Evil link' },
          { url: 'https://example.com/a?b=1&c=<2>', title: 'Odd "quoted" & <tagged> title' },
        ],
      },
      {
        markdown:
          '## Details {{ 7*7 }}\n\nBody with {% raw %}{{ 7*7 }}{% endraw %}, <script>alert(2)</script> and [a link](javascript:alert(3)).\n\n```\n# not a heading\n{{ code }}\n```\n',
      },
    ),
    makeView({ id: 'ADV-2025-0001' }, { topTier: 'partners' }),
    makeView({ id: 'ADV-2025-0005', tier: 'details', release: { details: '2025-09-01T00:00:00Z' } }, { topTier: 'details' }),
    makeView({ id: 'ADV-2025-0006', tier: 'strict', release: { strict: '2025-09-02T00:00:00Z' } }, { topTier: 'strict' }),
    makeView({ id: 'ADV-2025-0007', tier: 'poc', release: { poc: '2025-09-03T00:00:00Z' }, products: [] }, { topTier: 'poc' }),
  ];
}

/** Only the public views (what renderPublic receives). */
export function samplePublicViews(): AdvisoryView[] {
  return sampleViews().filter((v) => v.topTier === 'public');
}
