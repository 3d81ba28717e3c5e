/**
 * The leak property (threat model P1-P3), shared by test/adversarial/property.test.ts (a few
 * hundred cases in `npm test`) and scripts/dev/property-leaks.ts (`npm run test:property -- --runs N`).
 *
 * A case is a random program (groups with random tier sets), random partners (random groups and
 * statuses, one distinct key each), random advisories (random tier, release dates, status, base
 * text and tier sections with edge cases: longer fences around `:::` code, link references,
 * comments, raw HTML, headings, markers in base code blocks) where every text carries a unique
 * canary (revision notes too: an audience sees only those from its first sight of the advisory on),
 * and two random `--now` values built one after the other into the same output. After
 * each build, with an independent model of the embargo rule (docs/content.md):
 *   - every group's index and items, opened and parsed with the client's strict parsers (so the
 *     build never publishes a document clients refuse), hold exactly the canaries its tiers see;
 *   - no file outside groups/ (pages, feeds, CSAF, .asc, the sealed state, publisher.asc) and no
 *     file name holds a canary the public may not see: raw, lower-cased (ids, slugs), HTML/URL
 *     escapes (a canary is [A-Z0-9-], which both leave as is), and base64 at the three alignments;
 *   - suspended and removed partners cannot open their groups' indexes.
 * A small share of cases carries a broken section; such a build must fail with
 * BUILD_CONTENT_INVALID and leave the previous output byte-identical.
 */
import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { openSealed, readCertificate, readSecretKey } from '../../scripts/feed/openpgp.js';
import { parseGroupIndex, parseItemDocument } from '../../scripts/feed/parse-documents.js';
import { isFeedError } from '../../scripts/feed/errors.js';
import { Corpus, corpusKey, type CorpusGroup } from '../helpers/corpus.js';
import type { TestKey } from '../helpers/keys.js';
import { build, openAs, snapshot, tempOut } from '../build/fixture.js';

const TIERS = ['public', 'partner', 'poc'] as const;
type Tier = (typeof TIERS)[number];
const rank = (t: Tier) => TIERS.indexOf(t);
const DAY0 = Date.parse('2025-06-01T00:00:00Z');
const day = (d: number) => new Date(DAY0 + d * 86_400_000).toISOString().replace('.000Z', 'Z');

type BaseKind = 'plain' | 'code-marker' | 'comment' | 'heading';
type SectionKind = 'plain' | 'fenced-code' | 'link-ref' | 'comment' | 'html' | 'heading';

interface GenAdvisory {
  tier: Tier;
  /** Day offsets per tier (a higher tier never later than a lower one). */
  release: Partial<Record<Tier, number>>;
  status: 'published' | 'withdrawn' | 'draft';
  base: BaseKind;
  sections: { tier: Tier; kind: SectionKind }[];
  broken: 'none' | 'unclosed' | 'nested';
  /** Whether the front matter lists a revision (the field is optional). */
  revised: boolean;
}
interface GenCase {
  groups: Tier[][]; // non-public groups g1..gN
  partners: { groups: number[]; status: 'active' | 'suspended' | 'removed' }[];
  advisories: GenAdvisory[];
  nows: [number, number]; // hours from DAY0, ascending
}

const tierArb = fc.constantFrom<Tier>(...TIERS);
const advisoryArb: fc.Arbitrary<GenAdvisory> = tierArb.chain((tier) => {
  const above = TIERS.filter((t) => rank(t) >= rank(tier));
  return fc.record({
    tier: fc.constant(tier),
    release: fc.tuple(fc.subarray(above, { minLength: 1 }), fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 3, maxLength: 3 })).map(([tiers, days]) => {
      const sorted = [...days].sort((a, b) => b - a); // lowest tier gets the latest date
      return Object.fromEntries(tiers.map((t, i) => [t, sorted[i] as number])) as Partial<Record<Tier, number>>;
    }),
    status: fc.constantFrom<GenAdvisory['status']>('published', 'published', 'published', 'withdrawn', 'draft'),
    base: fc.constantFrom<BaseKind>('plain', 'code-marker', 'comment', 'heading'),
    sections: fc.array(
      fc.record({ tier: fc.constantFrom(...TIERS.filter((t) => rank(t) > rank(tier)), ...(tier === 'poc' ? (['poc'] as Tier[]) : [])), kind: fc.constantFrom<SectionKind>('plain', 'fenced-code', 'link-ref', 'comment', 'html', 'heading') }),
      { maxLength: tier === 'poc' ? 0 : 3 },
    ),
    revised: fc.boolean(),
    broken: fc.oneof({ arbitrary: fc.constant<GenAdvisory['broken']>('none'), weight: 40 }, { arbitrary: fc.constantFrom<GenAdvisory['broken']>('unclosed', 'nested'), weight: 1 }),
  });
});

export const caseArb: fc.Arbitrary<GenCase> = fc
  .array(fc.subarray([...TIERS], { minLength: 1 }), { minLength: 1, maxLength: 3 })
  .chain((groups) =>
    fc.record({
      groups: fc.constant(groups),
      partners: fc.array(
        fc.record({
          groups: fc.subarray(groups.map((_, i) => i), { minLength: 1 }),
          status: fc.constantFrom<'active' | 'suspended' | 'removed'>('active', 'active', 'suspended', 'removed'),
        }),
        { minLength: 0, maxLength: 3 },
      ),
      advisories: fc.array(advisoryArb, { minLength: 1, maxLength: 4 }),
      nows: fc.tuple(fc.integer({ min: -48, max: 1000 }), fc.integer({ min: 0, max: 400 })).map(([a, d]): [number, number] => [a, a + d]),
    }),
  );

/** Canary of text `part` of advisory `n`: unique, [A-Z0-9] only, and no canary a prefix of another (the Q). */
const canary = (run: number, n: number, part: string) => `CANARY${run}X${n}X${part.toUpperCase()}Q`;

function section(tier: Tier, kind: SectionKind, c: string): string {
  switch (kind) {
    case 'plain': return `::: tier ${tier}\n${c}\n:::`;
    case 'fenced-code': return `:::: tier ${tier}\n\`\`\`sh\n:::\necho ${c}\n::: tier public\n\`\`\`\n::::`;
    case 'link-ref': return `::: tier ${tier}\n[ref-${c.toLowerCase()}]: https://x.example/${c} "${c}"\n\nSee [it][ref-${c.toLowerCase()}].\n:::`;
    case 'comment': return `::: tier ${tier}\n<!-- ${c} -->\n:::`;
    case 'html': return `::: tier ${tier}\n<span title="${c}">x</span>\n\ntext\n:::`;
    case 'heading': return `::: tier ${tier}\n## Details ${c}\n\nbody\n:::`;
  }
}
function base(kind: BaseKind, c: string): string {
  switch (kind) {
    case 'plain': return `Base ${c}.`;
    case 'code-marker': return `Base.\n\n\`\`\`\n::: tier poc\n${c}\n:::\n\`\`\``;
    case 'comment': return `Base.\n\n<!-- ${c} -->`;
    case 'heading': return `## Details\n\n${c}`;
  }
}

interface Texts {
  /** canary -> [advisory, tier of its text]. */
  /** `revision`: the canary is a revision note dated that day (shown from the group's first sight on). */
  canaries: Map<string, { a: GenAdvisory; tier: Tier; revision?: number }>;
}

/** The embargo rule, written independently of scripts/build/plan: may a group with `tiers` read text of `tier` in `a` at `now`? */
export function mayRead(a: GenAdvisory, tier: Tier, groupTiers: Tier[], now: number, revision?: number): boolean {
  if (a.status === 'draft') return false;
  const releaseOf = (t: Tier): number | undefined => {
    const dates = TIERS.filter((x) => rank(x) >= rank(a.tier) && rank(x) <= rank(t)).map((x) => a.release[x]).filter((d): d is number => d !== undefined);
    return dates.length === 0 ? undefined : DAY0 + Math.min(...dates) * 86_400_000;
  };
  // The moments from which the group's tiers see the advisory at all; the earliest is its first sight.
  const seen = groupTiers.filter((t) => rank(t) >= rank(a.tier)).map(releaseOf).filter((at): at is number => at !== undefined && now >= at);
  if (seen.length === 0) return false;
  if (revision !== undefined) return DAY0 + revision * 86_400_000 >= Math.min(...seen);
  return groupTiers.some((t) => {
    if (rank(t) < rank(tier) || rank(t) < rank(a.tier)) return false;
    const at = releaseOf(t);
    return at !== undefined && now >= at;
  });
}

/** base64 forms of `c` at the three byte alignments (the part fixed by `c` alone). */
function base64Needles(c: string): string[] {
  return [0, 1, 2].map((k) => {
    const b = Buffer.from('A'.repeat(k) + c).toString('base64');
    return b.slice(Math.ceil(k / 3) * 4, Math.floor((k + c.length) / 3) * 4);
  }).filter((n) => n.length >= 8);
}

export interface World {
  publisher: TestKey;
  keys: TestKey[];
  stats: { cases: number; builds: number; refused: number; canariesChecked: number };
}

export async function makeWorld(): Promise<World> {
  const publisher = await corpusKey({ name: 'Property Publisher' });
  const keys: TestKey[] = [];
  for (let i = 0; i < 8; i++) keys.push(await corpusKey({ name: `Member ${i}` }));
  return { publisher, keys, stats: { cases: 0, builds: 0, refused: 0, canariesChecked: 0 } };
}

class Leak extends Error {}

/** Runs one generated case; throws (Leak or an assertion Error) when the property fails. */
export async function checkCase(world: World, gen: GenCase): Promise<void> {
  const run = ++world.stats.cases;
  const groups: CorpusGroup[] = [{ id: 'public', tiers: ['public'], public: true }, ...gen.groups.map((tiers, i) => ({ id: `g${i + 1}`, tiers }))];
  const corpus = await Corpus.create({ groups, publisher: world.publisher });
  const out = await tempOut();
  try {
    // Partners: the generated ones, plus one active member per group that would be empty (GROUP_EMPTY).
    const partners = [...gen.partners];
    gen.groups.forEach((_, g) => {
      if (!partners.some((p) => p.status === 'active' && p.groups.includes(g))) partners.push({ groups: [g], status: 'active' });
    });
    const members = new Map<string, TestKey>(); // group -> an active member's key
    const outsiders: { key: TestKey; groups: string[] }[] = [];
    for (const [i, p] of partners.entries()) {
      const key = world.keys[i % world.keys.length] as TestKey;
      const ids = p.groups.map((g) => `g${g + 1}`);
      await corpus.partner({ id: `p${i}`, groups: ids, status: p.status, keys: [key] });
      if (p.status === 'active') for (const g of ids) members.set(g, key);
      else outsiders.push({ key, groups: ids });
    }
    const texts: Texts = { canaries: new Map() };
    let broken = false;
    for (const [n, a] of gen.advisories.entries()) {
      const id = `ADV-2025-${String(1000 + n)}`;
      const title = canary(run, n, 'title');
      const baseC = canary(run, n, 'base');
      texts.canaries.set(title, { a, tier: a.tier });
      texts.canaries.set(baseC, { a, tier: a.tier });
      const parts = [base(a.base, baseC)];
      a.sections.forEach((s, k) => {
        const c = canary(run, n, `s${k}${s.tier}`);
        texts.canaries.set(c, { a, tier: s.tier });
        parts.push(section(s.tier, s.kind, c));
      });
      if (a.broken !== 'none' && a.tier !== 'poc') {
        broken = true;
        parts.push(a.broken === 'unclosed' ? `::: tier poc\n${canary(run, n, 'broken')}` : `::: tier partner\n::: tier poc\n${canary(run, n, 'broken')}\n:::\n:::`);
      }
      // One revision per release date (a tier told), each note a canary: an audience sees those from its first sight on.
      const revisions = a.revised
        ? [...new Set(Object.values(a.release))].sort((x, y) => x - y).map((d) => {
          const c = canary(run, n, `rev${d}`);
          texts.canaries.set(c, { a, tier: a.tier, revision: d });
          return { date: day(d), note: `Notice ${c}.` };
        })
        : [];
      await corpus.advisory({
        id, tier: a.tier, status: a.status, title: `Advisory ${title}`, summary: `Summary of ${id}.`,
        release: Object.fromEntries(Object.entries(a.release).map(([t, d]) => [t, day(d)])),
        revisions,
        body: parts.join('\n\n'),
      });
    }
    for (const hours of gen.nows) {
      const now = new Date(DAY0 + hours * 3_600_000);
      const before = await snapshot(out).catch(() => new Map());
      world.stats.builds++;
      try {
        await build(corpus, out, now.toISOString());
      } catch (error) {
        if (!broken || !isFeedError(error, 'BUILD_CONTENT_INVALID')) throw error;
        world.stats.refused++;
        const after = await snapshot(out).catch(() => new Map());
        if (JSON.stringify([...after]) !== JSON.stringify([...before])) throw new Leak('a refused build changed the previous output');
        continue;
      }
      if (broken) throw new Leak('a broken section was accepted');
      await checkOutput(world, out, now.getTime(), groups, members, outsiders, texts);
    }
  } finally {
    await corpus.dispose();
    await rm(path.dirname(out), { recursive: true, force: true });
  }
}

async function checkOutput(world: World, out: string, now: number, groups: CorpusGroup[], members: Map<string, TestKey>, outsiders: { key: TestKey; groups: string[] }[], texts: Texts): Promise<void> {
  const files = (await readdir(out, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => path.relative(out, path.join(e.parentPath, e.name)));
  // Unencrypted files and every file name: only what the public may read.
  const forbidden = [...texts.canaries].filter(([, { a, tier, revision }]) => !mayRead(a, tier, ['public'], now, revision)).map(([c]) => c);
  const needles = forbidden.flatMap((c) => [c.toLowerCase(), ...base64Needles(c)]);
  for (const file of files) {
    const name = file.toLowerCase();
    for (const c of forbidden) if (name.includes(c.toLowerCase())) throw new Leak(`file name ${file} holds ${c}`);
    if (file.startsWith(`groups${path.sep}`)) continue;
    const bytes = await readFile(path.join(out, file));
    const text = bytes.toString('latin1').toLowerCase();
    const raw = bytes.toString('latin1');
    for (const n of needles) {
      world.stats.canariesChecked++;
      if (text.includes(n.toLowerCase()) && (n === n.toLowerCase() || raw.includes(n))) throw new Leak(`${file} holds a forbidden canary (${n}) at now=${new Date(now).toISOString()}`);
    }
  }
  // The public may read what the model allows: it is there (so the search above can see a leak).
  const publicText = (await Promise.all(files.filter((f) => f.endsWith('.json') && !f.startsWith(`groups${path.sep}`)).map((f) => readFile(path.join(out, f), 'utf8')))).join('\n');
  for (const [c, { a, tier, revision }] of texts.canaries) {
    if (mayRead(a, tier, ['public'], now, revision) && !publicText.includes(c)) throw new Error(`the public misses ${c} it may read (model and build disagree)`);
  }
  // Each group, read by an active member: exactly the canaries its tiers see.
  for (const group of groups.filter((g) => g.public !== true)) {
    const key = members.get(group.id);
    if (key === undefined) continue;
    // Opened and parsed as a client does: the build must never publish what clients refuse.
    const keys = { decryptionKey: await readSecretKey(key.secret), publisher: await readCertificate(world.publisher.public) };
    const index = parseGroupIndex(await openSealed(await readFile(path.join(out, 'groups', group.id, 'index.pgp')), keys));
    let text = JSON.stringify(index);
    for (const entry of index.items) {
      text += JSON.stringify(parseItemDocument(await openSealed(await readFile(path.join(out, 'groups', group.id, entry.path)), keys)));
    }
    const upper = text.toUpperCase();
    for (const [c, { a, tier, revision }] of texts.canaries) {
      world.stats.canariesChecked++;
      const allowed = mayRead(a, tier, group.tiers as Tier[], now, revision);
      if (!allowed && upper.includes(c)) throw new Leak(`group ${group.id} (${group.tiers.join(',')}) reads ${c} at ${new Date(now).toISOString()}`);
      if (allowed && !text.includes(c)) throw new Error(`group ${group.id} misses ${c} it may read (model and build disagree)`);
    }
  }
  // Suspended and removed partners cannot open the indexes of their groups (unless also a member by another partner entry).
  for (const { key, groups: ids } of outsiders) {
    for (const id of ids) {
      if (members.get(id) === key) continue;
      const bytes = await readFile(path.join(out, 'groups', id, 'index.pgp'));
      const opened = await openAs(key, world.publisher, bytes).then(() => true, () => false);
      if (opened) throw new Leak(`an inactive partner opened groups/${id}/index.pgp`);
    }
  }
}

/** Runs `runs` cases; returns the stats. fast-check shrinks and reports a failing case. */
export async function runLeakProperty(runs: number, options: { seed?: number; path?: string; world?: World } = {}): Promise<World['stats'] & { ms: number }> {
  const world = options.world ?? (await makeWorld());
  const started = Date.now();
  await fc.assert(fc.asyncProperty(caseArb, (gen) => checkCase(world, gen)), { numRuns: runs, ...(options.seed === undefined ? {} : { seed: options.seed }), ...(options.path === undefined ? {} : { path: options.path }), endOnFailure: true });
  return { ...world.stats, ms: Date.now() - started };
}
