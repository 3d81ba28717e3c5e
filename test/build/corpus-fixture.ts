/**
 * The standard test corpus of the build suites: every kind of visibility at NOW, a unique canary
 * marker in every text (base and section) of every advisory, and partners of every status.
 *
 * At NOW (2025-07-10): public sees 0001 (base); partners see 0001 (base+partner), 0002, 0005
 * (withdrawn); trusted see 0001 (all), 0002 (with PoC), 0003 (embargoed for the others), 0005.
 */
import { Corpus, corpusKey } from '../helpers/corpus.js';
import type { TestKey } from '../helpers/keys.js';

export const NOW = '2025-07-10T00:00:00Z';

/** NOW plus `hours`, as ISO-8601: the --now of a later rebuild. */
export const later = (hours: number): string => new Date(Date.parse(NOW) + hours * 3600_000).toISOString();

export const EXPECTED: Record<string, string[]> = {
  public: ['ADV-2025-0001'],
  partners: ['ADV-2025-0001', 'ADV-2025-0002', 'ADV-2025-0005'],
  trusted: ['ADV-2025-0001', 'ADV-2025-0002', 'ADV-2025-0003', 'ADV-2025-0005'],
};

/** Marker -> the audiences that may read it at NOW (group ids; `public` means everyone). */
export const MARKERS: Record<string, string[]> = {
  'CANARY-0001-base': ['public', 'partners', 'trusted'],
  'CANARY-0001-partner': ['partners', 'trusted'],
  'CANARY-0001-poc': ['trusted'],
  'CANARY-0002-base': ['partners', 'trusted'],
  'CANARY-0002-poc': ['trusted'],
  'CANARY-0003-base': ['trusted'],
  'CANARY-0003-title': ['trusted'],
  'CANARY-0003-partner': ['trusted'],
  'CANARY-0004-draft': [],
  'CANARY-0005-base': ['partners', 'trusted'],
};

export interface Partners {
  acme: [TestKey, TestKey]; // partners, two keys
  bolt: TestKey; // trusted
  shady: TestKey; // partners, suspended
  gone: TestKey; // trusted, removed
}

export async function standardCorpus(): Promise<{ corpus: Corpus; keys: Partners }> {
  const corpus = await Corpus.create();
  const keys: Partners = {
    acme: [await corpusKey({ name: 'Acme 1' }), await corpusKey({ name: 'Acme 2' })],
    bolt: await corpusKey({ name: 'Bolt' }),
    shady: await corpusKey({ name: 'Shady' }),
    gone: await corpusKey({ name: 'Gone' }),
  };
  await corpus.partner({ id: 'acme', groups: ['partners'], keys: keys.acme });
  await corpus.partner({ id: 'bolt', groups: ['trusted'], keys: [keys.bolt] });
  await corpus.partner({ id: 'shady', groups: ['partners'], status: 'suspended', keys: [keys.shady] });
  await corpus.partner({ id: 'gone', groups: ['trusted'], status: 'removed', keys: [keys.gone] });
  await corpus.advisory({
    id: 'ADV-2025-0001',
    release: { poc: '2025-06-24T00:00:00Z', partner: '2025-07-03T00:00:00Z', public: '2025-07-08T00:00:00Z' },
    body: '## Details\n\nCANARY-0001-base',
    sections: [
      { tier: 'partner', text: '## Partner notes\n\nCANARY-0001-partner' },
      { tier: 'poc', text: '## Exploit\n\n```\nCANARY-0001-poc\n```' },
    ],
  });
  await corpus.advisory({
    id: 'ADV-2025-0002',
    tier: 'partner',
    release: { partner: '2025-07-01T00:00:00Z' },
    body: 'CANARY-0002-base',
    sections: [{ tier: 'poc', text: '## Proof of concept\n\nCANARY-0002-poc' }],
  });
  await corpus.advisory({
    id: 'ADV-2025-0003',
    title: 'Embargoed CANARY-0003-title',
    release: { poc: '2025-07-05T00:00:00Z', partner: '2025-07-20T00:00:00Z', public: '2025-08-01T00:00:00Z' },
    body: 'CANARY-0003-base',
    sections: [{ tier: 'partner', text: 'CANARY-0003-partner' }],
  });
  await corpus.advisory({ id: 'ADV-2025-0004', status: 'draft', release: { public: '2025-01-01T00:00:00Z' }, body: 'CANARY-0004-draft' });
  await corpus.advisory({ id: 'ADV-2025-0005', tier: 'partner', status: 'withdrawn', release: { partner: '2025-07-01T00:00:00Z' }, body: 'CANARY-0005-base' });
  return { corpus, keys };
}
