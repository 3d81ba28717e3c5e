/**
 * One partner file, partners/<id>.md: front matter (who, which groups, status, key files) and
 * free notes in the body. Keys are read and inspected by checkPartnerKeys.
 */
import path from 'node:path';
import { checkPartnerKeys, type InspectKey } from './check-partner-keys.js';
import { checkShape } from './check-shape.js';
import { DATE_EXPECTED, parseDate } from './parse-date.js';
import { parseFrontMatter } from './parse-front-matter.js';
import type { ParsedPartnerFile, PartnerCache } from './partner-cache.js';
import { describe, Problems } from './problems.js';
import { readTextFile } from './read-text-file.js';
import { partnerSchema } from './schemas.js';
import type { Partner, PartnerStatus, Program } from './types.js';

interface RawPartner {
  id: string;
  name: string;
  contact: string;
  groups: string[];
  status: PartnerStatus;
  status_date?: unknown;
  status_reason?: string;
  keys: string[];
}

export interface PartnerChecks {
  now: Date;
  problems: Problems;
  /** How each key is inspected (check-partner-keys.ts). */
  inspectKey: InspectKey;
  /** Front matter parsed by earlier builds (partner-cache.ts). */
  cache?: PartnerCache;
  /**
   * The files under partners/ this load has read, by path: a key file is taken from here when it
   * is in it, and the partner file and its key files are added (load-content.ts reads each once).
   */
  read?: Map<string, string>;
}

export async function loadPartner(root: string, file: string, program: Program | undefined, checks: PartnerChecks): Promise<Partner | undefined> {
  const { now, problems } = checks;
  const text = await readTextFile(root, file, problems);
  if (text === undefined) return undefined;
  checks.read?.set(file, text);
  const front = checks.cache?.get(file, text) ?? parseChecked(text, file, problems, checks.cache);
  if (front === undefined) return undefined;
  const raw = front.data as unknown as RawPartner;
  const at = (p: (string | number)[], hint?: string) => ({ path: file, line: front.lineOf(p), ...(hint === undefined ? {} : { hint }) });

  if (path.posix.basename(file) !== `${raw.id}.md`) {
    problems.add('ID_FILE_MISMATCH', `Expected the file to be named ${raw.id}.md, got ${path.posix.basename(file)}`, at(['id'], 'Rename the file or fix the id'));
  }
  if (program !== undefined) {
    raw.groups.forEach((id, i) => {
      const group = program.groups.find((g) => g.id === id);
      if (group === undefined) {
        problems.add('GROUP_UNKNOWN', `Expected a group from partners/program.yaml, got \`${id}\``, at(['groups', i], `Known groups: ${program.groups.filter((g) => !g.public).map((g) => g.id).join(', ')}`));
      } else if (group.public) {
        problems.add('FIELD_INVALID', `Expected a members' group, got the public group \`${id}\` (everyone reads it; it has no members)`, at(['groups', i]));
      }
    });
  }
  let statusDate: string | undefined;
  if (raw.status_date !== undefined) {
    statusDate = parseDate(raw.status_date);
    if (statusDate === undefined) problems.add('DATE_INVALID', `Expected ${DATE_EXPECTED}, got ${describe(raw.status_date)}`, at(['status_date']));
  }
  if (raw.status !== 'active') {
    for (const field of ['status_date', 'status_reason'] as const) {
      if (raw[field] === undefined) problems.add('FIELD_MISSING', `Expected \`${field}\` for a ${raw.status} partner, got nothing`, at(['status'], 'Record when and why the status changed'));
    }
  }

  const keys = await checkPartnerKeys(root, raw.keys, { file, lineOf: front.lineOf, active: raw.status === 'active', now, problems, inspectKey: checks.inspectKey, ...(checks.read === undefined ? {} : { read: checks.read }) });
  if (raw.status === 'active' && !keys.some((k) => k.usable)) {
    problems.add('PARTNER_NO_KEY', 'Expected an active partner to have at least one usable key, got none', at(['keys'], 'Add a current encryption key, or suspend the partner'));
  }
  const lines: Record<string, number> = {};
  for (const key of Object.keys(front.data)) lines[key] = front.lineOf([key]);
  const partner: Partner = {
    id: raw.id,
    name: raw.name,
    contact: raw.contact,
    groups: raw.groups,
    status: raw.status,
    keys,
    notes: front.body.trim(),
    source: { path: file, line: 1 },
    lines,
  };
  if (statusDate !== undefined) partner.statusDate = statusDate;
  if (raw.status_reason !== undefined) partner.statusReason = raw.status_reason;
  return partner;
}

/** The file's front matter and body, parsed and checked against the schema; cached when nothing was wrong. */
function parseChecked(text: string, file: string, problems: Problems, cache: PartnerCache | undefined): ParsedPartnerFile | undefined {
  const mine = new Problems();
  const front = parseFrontMatter(text, file, mine);
  const shape = front.data === undefined ? 'invalid' : checkShape(partnerSchema, front.data, file, front.lineOf, mine);
  problems.list.push(...mine.list);
  if (front.data === undefined || shape === 'invalid') return undefined;
  const parsed = { data: front.data, body: front.body, lineOf: front.lineOf };
  if (mine.size === 0) cache?.set(file, text, parsed);
  return parsed;
}
