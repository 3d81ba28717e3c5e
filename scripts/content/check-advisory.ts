/**
 * The meaning of an advisory's front matter, once its shape is right: id and file name, CVSS,
 * tiers and release dates (types.ts header), revisions, withdrawal, and its sections' tiers.
 */
import path from 'node:path';
import { cvssBaseScore, CVSS_EXPECTED } from './cvss.js';
import { checkRelease } from './check-release.js';
import { DATE_EXPECTED, parseDate } from './parse-date.js';
import type { ParsedYaml } from './parse-yaml.js';
import { describe, type Problems } from './problems.js';
import type { Advisory, AdvisoryStatus, Cvss, Product, Program, Reference, Segment, Severity } from './types.js';

/** Where a problem about the value at `path` goes. */
export type At = (path: (string | number)[], hint?: string) => { path: string; line: number; hint?: string };

export interface Context {
  file: string;
  lineOf: ParsedYaml['lineOf'];
  segments: Segment[];
  program: Program | undefined;
  problems: Problems;
}

export interface RawAdvisory {
  id: string;
  title: string;
  summary: string;
  severity: Severity;
  cvss?: string | { vector: string; score?: number };
  cve?: string[];
  products: Product[];
  tier: string;
  release?: Record<string, unknown>;
  revisions?: { date: unknown; note: string }[];
  status: AdvisoryStatus;
  withdrawn_reason?: string;
  credits?: string[];
  references?: Reference[];
}

export function checkAdvisory(data: Record<string, unknown>, ctx: Context): Advisory {
  const raw = data as unknown as RawAdvisory;
  const { file, lineOf, problems } = ctx;
  const at: At = (p, hint) => ({ path: file, line: lineOf(p), ...(hint === undefined ? {} : { hint }) });

  const expectedName = `${raw.id}.md`;
  if (path.posix.basename(file) !== expectedName) {
    problems.add('ID_FILE_MISMATCH', `Expected the file to be named ${expectedName}, got ${path.posix.basename(file)}`, at(['id'], 'Rename the file or fix the id'));
  }

  const cvss = checkCvss(raw, ctx);
  const tiers = ctx.program?.tiers ?? [];
  const rank = new Map(tiers.map((t) => [t.name, t.rank]));
  const known = tiers.map((t) => t.name).join(', ');
  const baseRank = rank.get(raw.tier);
  if (ctx.program !== undefined && baseRank === undefined) {
    problems.add('TIER_UNKNOWN', `Expected a tier from partners/program.yaml, got \`${raw.tier}\``, at(['tier'], `Known tiers: ${known}`));
  }

  const release = checkRelease(raw, rank, at, ctx);

  const revisions = (raw.revisions ?? []).map((revision, i) => {
    const date = parseDate(revision.date);
    if (date === undefined) problems.add('DATE_INVALID', `Expected ${DATE_EXPECTED}, got ${describe(revision.date)}`, at(['revisions', i, 'date']));
    return { date: date ?? '', note: revision.note };
  });
  revisions.forEach((revision, i) => {
    const previous = revisions[i - 1];
    if (previous !== undefined && revision.date !== '' && previous.date !== '' && revision.date < previous.date) {
      problems.add('DATE_ORDER', `Expected revisions oldest first, got ${revision.date} after ${previous.date}`, at(['revisions', i, 'date']));
    }
  });

  if (raw.status === 'withdrawn' && raw.withdrawn_reason === undefined) {
    problems.add('FIELD_MISSING', 'Expected `withdrawn_reason` for a withdrawn advisory, got nothing', at(['status'], 'Say why, e.g. "duplicate of ADV-2025-0007"'));
  }
  if (raw.status !== 'withdrawn' && raw.withdrawn_reason !== undefined) {
    problems.add('FIELD_INVALID', `Expected \`withdrawn_reason\` only with \`status: withdrawn\`, got status ${raw.status}`, at(['withdrawn_reason']));
  }

  for (const segment of ctx.segments) {
    if (segment.tier === null || segment.tier === '' || ctx.program === undefined) continue;
    const sectionRank = rank.get(segment.tier);
    if (sectionRank === undefined) {
      problems.add('SECTION_TIER_UNKNOWN', `Expected a tier from partners/program.yaml, got \`${segment.tier}\``, { path: file, line: segment.line - 1, hint: `Known tiers: ${known}` });
    } else if (baseRank !== undefined && sectionRank <= baseRank) {
      problems.add('SECTION_BELOW_ADVISORY', `Expected a tier above the advisory's \`${raw.tier}\`, got \`${segment.tier}\``, {
        path: file,
        line: segment.line - 1,
        hint: 'Text for the advisory\'s own tier needs no section; raise the section\'s tier or remove the fence',
      });
    }
  }

  const lines: Record<string, number> = {};
  for (const key of Object.keys(data)) lines[key] = lineOf([key]);
  const advisory: Advisory = {
    id: raw.id,
    title: raw.title,
    summary: raw.summary,
    severity: raw.severity,
    cve: raw.cve ?? [],
    products: raw.products.map((p) => ({ name: p.name, affected: p.affected, ...(p.fixed === undefined ? {} : { fixed: p.fixed }) })),
    tier: raw.tier,
    release,
    revisions,
    status: raw.status,
    credits: raw.credits ?? [],
    references: (raw.references ?? []).map((r) => ({ url: r.url, ...(r.title === undefined ? {} : { title: r.title }) })),
    segments: ctx.segments,
    source: { path: file, line: 1 },
    lines,
  };
  if (cvss !== undefined) advisory.cvss = cvss;
  if (raw.withdrawn_reason !== undefined) advisory.withdrawnReason = raw.withdrawn_reason;
  return advisory;
}

/** The vector must parse; a score, when given, must equal the one the spec's formula derives. */
function checkCvss(raw: RawAdvisory, { file, lineOf, problems }: Context): Cvss | undefined {
  if (raw.cvss === undefined) return undefined;
  const vector = typeof raw.cvss === 'string' ? raw.cvss : raw.cvss.vector;
  const vectorPath = typeof raw.cvss === 'string' ? ['cvss'] : ['cvss', 'vector'];
  const score = cvssBaseScore(vector);
  if (typeof score === 'string') {
    problems.add('FIELD_INVALID', `Expected ${CVSS_EXPECTED}, got ${describe(vector)} (${score})`, { path: file, line: lineOf(vectorPath) });
    return undefined;
  }
  const given = typeof raw.cvss === 'string' ? undefined : raw.cvss.score;
  if (given !== undefined && given !== score) {
    problems.add('FIELD_INVALID', `Expected score ${score.toFixed(1)} (derived from the vector), got ${given}`, {
      path: file,
      line: lineOf(['cvss', 'score']),
      hint: 'Fix the vector or the score, or drop `score:`: it is computed from the vector',
    });
  }
  return { vector, score };
}
