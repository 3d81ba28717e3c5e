/**
 * Writes a synthetic content repository for the benchmark: partners/program.yaml with `groups`
 * groups (the public one plus alternating partner / partner+PoC groups), `partners` partners with
 * 1-`maxKeysPerPartner` v4 keys each, and `advisories` advisories of ~4 KB, a `restrictedShare` of
 * them with a PoC section. Deterministic for the same parameters (seeded), except key material.
 * Dev tooling: imports openpgp.js directly (CONTRIBUTING.md allows it outside scripts/feed only here).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as openpgp from 'openpgp';
import { advisoryBody, seededRandom } from './advisory-text.js';

export interface CorpusOptions {
  advisories: number;
  groups: number;
  partners: number;
  maxKeysPerPartner: number;
  /** 0..1: share of advisories with a `::: tier poc` section. */
  restrictedShare: number;
  seed?: number;
}

export interface Corpus {
  root: string;
  /** Armoured secret key of the publisher (give it to the build as ADVISORY_FEED_SIGNING_KEY_FILE). */
  publisherKeyFile: string;
  /** One member of the first encrypted group, for the poll phases. */
  member: { id: string; group: string; secretKeyFile: string };
  /** Ids of the generated advisories, oldest first. */
  ids: string[];
}

const PRODUCTS = ['Harbor Gateway', 'Tidewater Sync', 'Beacon Directory', 'Lantern Mail', 'Quay Storage', 'Anchor VPN'];
const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
const VECTORS = ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 'CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:N', 'CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:L/A:N', 'CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:L/I:N/A:N'];

async function write(root: string, rel: string, text: string): Promise<string> {
  const file = path.join(root, rel);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, text);
  return file;
}

async function key(name: string): Promise<{ privateKey: string; publicKey: string }> {
  return openpgp.generateKey({ type: 'ecc', curve: 'curve25519Legacy', userIDs: [{ name, email: `${name}@bench.example` }], format: 'armored', date: new Date('2024-01-01T00:00:00Z') });
}

function groupIds(count: number): { id: string; tiers: string[] }[] {
  const groups = [{ id: 'public', tiers: ['public'] }];
  for (let i = 1; i < count; i++) groups.push({ id: `group-${String(i).padStart(2, '0')}`, tiers: i % 2 === 0 ? ['public', 'partner', 'poc'] : ['public', 'partner'] });
  return groups;
}

function programYaml(groups: { id: string; tiers: string[] }[]): string {
  return [
    'publisher:',
    '  name: Bench Software',
    '  namespace: https://bench.example',
    '  contact: psirt@bench.example',
    '  url: https://advisories.bench.example/feed',
    '  key: partners/publisher.asc',
    'tiers:',
    '  - { name: public, tlp: CLEAR }',
    '  - { name: partner, tlp: AMBER }',
    '  - { name: poc, tlp: RED }',
    'groups:',
    ...groups.map((g) => `  - { id: ${g.id}, name: ${g.id}, tiers: [${g.tiers.join(', ')}]${g.id === 'public' ? ', public: true' : ''} }`),
    'feed:',
    '  expires_after: 7d',
    '  grace_after: 2d',
    '',
  ].join('\n');
}

/** Front matter + body of advisory number `n` (1-based). */
export function advisoryFile(n: number, random: () => number, restricted: boolean): { id: string; text: string } {
  const year = 2020 + Math.floor((n - 1) / 9000);
  const id = `ADV-${year}-${String(((n - 1) % 9000) + 1).padStart(4, '0')}`;
  const product = PRODUCTS[n % PRODUCTS.length] as string;
  const day = new Date(Date.UTC(year, 0, 1) + ((n * 7919) % 300) * 86_400_000);
  const partnerDate = day.toISOString().slice(0, 10);
  const publicDate = new Date(day.getTime() + 14 * 86_400_000).toISOString().slice(0, 10);
  const severity = SEVERITIES[n % SEVERITIES.length] as string;
  const partnerOnly = n % 10 === 7;
  const front = [
    '---',
    `id: ${id}`,
    `title: ${product} ${severity} issue number ${n}`,
    `summary: A synthetic ${severity} advisory for the benchmark, number ${n}.`,
    `severity: ${severity}`,
    `cvss: ${VECTORS[n % VECTORS.length]}`,
    `cve: [CVE-${year}-${String(10000 + n)}]`,
    'products:',
    `  - name: ${product}`,
    '    affected: "< 4.2.3"',
    '    fixed: 4.2.3',
    `tier: ${partnerOnly ? 'partner' : 'public'}`,
    'release:',
    `  partner: ${partnerDate}`,
    ...(partnerOnly ? [] : [`  public: ${publicDate}`]),
    'revisions:',
    `  - date: ${partnerDate}`,
    '    note: Initial publication.',
    'status: published',
    'credits: [Bench Research Team]',
    'references:',
    `  - url: https://bench.example/advisories/${id}`,
    '---',
    '',
  ].join('\n');
  const body = advisoryBody(random, { product, ...(restricted ? { restrictedTier: 'poc' } : {}) });
  return { id, text: front + body };
}

export async function writeCorpus(root: string, options: CorpusOptions): Promise<Corpus> {
  const random = seededRandom(options.seed ?? 42);
  const groups = groupIds(options.groups);
  await write(root, 'partners/program.yaml', programYaml(groups));
  const publisher = await key('bench-publisher');
  await write(root, 'partners/publisher.asc', publisher.publicKey);
  const publisherKeyFile = await write(root, 'secrets/publisher.sec.asc', publisher.privateKey);

  const encrypted = groups.slice(1);
  let member: Corpus['member'] | undefined;
  for (let p = 0; p < options.partners; p++) {
    const id = `partner-${String(p).padStart(4, '0')}`;
    const group = encrypted[p % encrypted.length]?.id ?? 'group-01';
    const keyCount = 1 + (p % Math.max(1, options.maxKeysPerPartner));
    const keyFiles: string[] = [];
    for (let k = 0; k < keyCount; k++) {
      const pair = await key(`${id}-${k}`);
      await write(root, `partners/keys/${id}-${k}.asc`, pair.publicKey);
      keyFiles.push(`${id}-${k}.asc`);
      if (member === undefined) member = { id, group, secretKeyFile: await write(root, `secrets/${id}-${k}.sec.asc`, pair.privateKey) };
    }
    await write(root, `partners/${id}.md`, `---\nid: ${id}\nname: Partner ${p}\ncontact: security@${id}.example\ngroups: [${group}]\nstatus: active\nkeys: [${keyFiles.join(', ')}]\n---\nSynthetic benchmark partner.\n`);
  }

  const ids: string[] = [];
  for (let n = 1; n <= options.advisories; n++) {
    const { id, text } = advisoryFile(n, random, random() < options.restrictedShare);
    await write(root, `advisories/${id}.md`, text);
    ids.push(id);
  }
  if (member === undefined) throw new Error('The corpus needs at least one partner.');
  return { root, publisherKeyFile, member, ids };
}
