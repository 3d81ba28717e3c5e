/**
 * Builders of throwaway content repositories in temp folders, in the content loader's real file
 * format (partners/program.yaml, advisories/*.md, partners/*.md, partners/keys/*.asc), with real
 * OpenPGP keys. Three tiers (public < partner < poc) and three groups by default:
 * `public` (public), `partners` (public, partner), `trusted` (public, partner, poc).
 * Keys are created on 2020-01-01 so builds with `--now` in 2025 find them valid.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { makeKey, type KeyOptions, type TestKey } from './keys.js';

export const KEY_EPOCH = new Date('2020-01-01T00:00:00Z');

export interface CorpusAdvisory {
  id: string;
  /** Lowest tier that may ever see it (default `public`). */
  tier?: string;
  release: Record<string, string>;
  status?: 'draft' | 'published' | 'withdrawn';
  /** Base text (default: a sentence naming the id). */
  body?: string;
  /** `::: tier NAME` sections appended after the base text, in order. */
  sections?: { tier: string; text: string }[];
  title?: string;
  summary?: string;
  revisions?: { date: string; note: string }[];
}

export interface CorpusPartner {
  id: string;
  groups: string[];
  status?: 'active' | 'suspended' | 'removed';
  keys: TestKey[];
}

export interface CorpusGroup {
  id: string;
  tiers: string[];
  public?: boolean;
}

export const DEFAULT_GROUPS: CorpusGroup[] = [
  { id: 'public', tiers: ['public'], public: true },
  { id: 'partners', tiers: ['public', 'partner'] },
  { id: 'trusted', tiers: ['public', 'partner', 'poc'] },
];

export class Corpus {
  private constructor(
    readonly root: string,
    readonly publisher: TestKey,
  ) {}

  /** A new repository with program.yaml and the publisher's public key. */
  static async create(options: { groups?: CorpusGroup[]; publisher?: TestKey; expiresAfter?: string; graceAfter?: string } = {}): Promise<Corpus> {
    const root = await mkdtemp(path.join(tmpdir(), 'advisory-feed-corpus-'));
    await mkdir(path.join(root, 'advisories'));
    await mkdir(path.join(root, 'partners', 'keys'), { recursive: true });
    const publisher = options.publisher ?? (await corpusKey({ name: 'Test Publisher' }));
    const corpus = new Corpus(root, publisher);
    await corpus.file('partners/publisher.asc', publisher.public);
    await corpus.writeProgram(options.groups ?? DEFAULT_GROUPS, options.expiresAfter ?? '7d', options.graceAfter ?? '2d');
    return corpus;
  }

  async writeProgram(groups: CorpusGroup[], expiresAfter = '7d', graceAfter = '2d'): Promise<void> {
    const program = {
      publisher: { name: 'Test Vendor', namespace: 'https://vendor.example', contact: 'psirt@vendor.example', url: 'https://feed.vendor.example', key: 'partners/publisher.asc' },
      tiers: [
        { name: 'public', tlp: 'CLEAR' },
        { name: 'partner', tlp: 'AMBER' },
        { name: 'poc', tlp: 'RED' },
      ],
      groups: groups.map((g) => ({ id: g.id, name: `Group ${g.id}`, tiers: g.tiers, ...(g.public === true ? { public: true } : {}) })),
      feed: { expires_after: expiresAfter, grace_after: graceAfter },
    };
    await this.file('partners/program.yaml', stringify(program));
  }

  async advisory(a: CorpusAdvisory): Promise<void> {
    const firstRelease = Object.values(a.release).sort()[0] ?? '2025-01-01T00:00:00Z';
    const front: Record<string, unknown> = {
      id: a.id,
      title: a.title ?? `Test advisory ${a.id}`,
      summary: a.summary ?? `A test advisory ${a.id}.`,
      severity: 'high',
      cve: [],
      products: [{ name: 'Widget', affected: '< 2.0', fixed: '2.0' }],
      tier: a.tier ?? 'public',
      release: a.release,
      revisions: a.revisions ?? [{ date: firstRelease, note: 'First notice.' }],
      status: a.status ?? 'published',
      ...(a.status === 'withdrawn' ? { withdrawn_reason: 'Not a vulnerability after all.' } : {}),
    };
    const sections = (a.sections ?? []).map((s) => `::: tier ${s.tier}\n${s.text}\n:::\n`).join('\n');
    const body = `${a.body ?? `Base text of ${a.id}.`}\n\n${sections}`;
    await this.file(`advisories/${a.id}.md`, `---\n${stringify(front)}---\n${body}`);
  }

  async partner(p: CorpusPartner): Promise<void> {
    const names = p.keys.map((_, i) => `${p.id}-${i + 1}.asc`);
    await Promise.all(p.keys.map((k, i) => this.file(`partners/keys/${names[i]}`, k.public)));
    const status = p.status ?? 'active';
    const front = {
      id: p.id,
      name: `Partner ${p.id}`,
      contact: `${p.id}@partner.example`,
      groups: p.groups,
      status,
      ...(status === 'active' ? {} : { status_date: '2025-01-02', status_reason: 'Test.' }),
      keys: names,
    };
    await this.file(`partners/${p.id}.md`, `---\n${stringify(front)}---\nTest partner.\n`);
  }

  async file(rel: string, text: string): Promise<void> {
    await mkdir(path.dirname(path.join(this.root, rel)), { recursive: true });
    await writeFile(path.join(this.root, rel), text);
  }

  async remove(rel: string): Promise<void> {
    await rm(path.join(this.root, rel), { force: true });
  }

  async dispose(): Promise<void> {
    await rm(this.root, { recursive: true, force: true });
  }
}

/** An ECC key (~1 ms) dated KEY_EPOCH, valid for the 2025 dates of the test corpora. */
export function corpusKey(options: KeyOptions = {}): Promise<TestKey> {
  return makeKey({ created: KEY_EPOCH, ...options });
}
