/**
 * In-memory content models for the pure stages (plan, render): the shape `load` produces, built
 * without files. Three tiers (public < partner < poc) and three groups by default.
 */
import type { Advisory, Content, Group, Partner, PartnerKey, Program } from '../../scripts/content/types.js';

export function program(groups?: Group[]): Program {
  return {
    publisher: { name: 'Example Vendor', namespace: 'https://vendor.example', contact: 'psirt@vendor.example', url: 'https://vendor.example' },
    tiers: [
      { name: 'public', rank: 0, tlp: 'CLEAR' },
      { name: 'partner', rank: 1, tlp: 'AMBER' },
      { name: 'poc', rank: 2, tlp: 'RED' },
    ],
    groups: groups ?? [
      { id: 'public', name: 'Everyone', tiers: ['public'], public: true },
      { id: 'partners', name: 'Partners', tiers: ['partner'], public: false },
      { id: 'trusted', name: 'Trusted partners', tiers: ['partner', 'poc'], public: false },
    ],
    feed: { expiresAfter: 7 * 86400, graceAfter: 86400 },
    source: { path: 'partners/program.yaml', line: 1 },
  };
}

export function advisory(id: string, overrides: Partial<Advisory> = {}): Advisory {
  return {
    id,
    title: `Title of ${id}`,
    summary: `Summary of ${id}`,
    severity: 'high',
    cve: [],
    products: [{ name: 'Widget', affected: '< 2.0', fixed: '2.0' }],
    tier: 'public',
    release: { poc: '2025-06-24T00:00:00Z', partner: '2025-07-03T00:00:00Z', public: '2025-07-08T00:00:00Z' },
    revisions: [{ date: '2025-06-24T00:00:00Z', note: 'First notice' }],
    status: 'published',
    credits: [],
    references: [],
    segments: [
      { tier: null, markdown: `Base text of ${id}.\n`, line: 20 },
      { tier: 'poc', markdown: `PoC of ${id}.\n`, line: 23 },
    ],
    source: { path: `advisories/${id}.md`, line: 1 },
    lines: {},
    ...overrides,
  };
}

export function key(fingerprint: string, overrides: Partial<PartnerKey> = {}): PartnerKey {
  return { path: `partners/keys/${fingerprint}.asc`, fingerprint, armored: '', usable: true, ...overrides };
}

export function partner(id: string, groups: string[], overrides: Partial<Partner> = {}): Partner {
  return {
    id,
    name: id,
    contact: `${id}@partner.example`,
    groups,
    status: 'active',
    keys: [key(`${id.toUpperCase()}FPR`)],
    notes: '',
    source: { path: `partners/${id}.md`, line: 1 },
    lines: {},
    ...overrides,
  };
}

export function content(advisories: Advisory[], partners?: Partner[], groups?: Group[]): Content {
  return {
    root: '/nonexistent',
    program: program(groups),
    advisories,
    partners: partners ?? [partner('acme', ['partners']), partner('bolt', ['trusted'])],
  };
}
