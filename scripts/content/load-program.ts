/**
 * partners/program.yaml: the publisher, the ordered tiers, the groups and feed timings. Everything
 * else is checked against it, so when it is broken we report that and check little else.
 */
import { checkShape } from './check-shape.js';
import { parseDuration } from './parse-duration.js';
import { parseYaml, type ParsedYaml } from './parse-yaml.js';
import type { Problems } from './problems.js';
import { readTextFile } from './read-text-file.js';
import { programSchema } from './schemas.js';
import type { Group, Program, Tier } from './types.js';

export const PROGRAM_FILE = 'partners/program.yaml';

interface RawProgram {
  publisher: Program['publisher'];
  tiers: { name: string; tlp: string }[];
  groups: { id: string; name: string; tiers: string[]; public?: boolean }[];
  feed: { expires_after: unknown; grace_after: unknown };
}

export interface LoadedProgram {
  program: Program | undefined;
  /** Line of a value in program.yaml, for problems found later (e.g. an empty group). */
  lineOf: ParsedYaml['lineOf'];
}

/** Reads and checks the program; `program` is undefined when it cannot be used at all. */
export async function loadProgram(root: string, problems: Problems): Promise<LoadedProgram> {
  const result = await readProgram(root, problems);
  return result ?? { program: undefined, lineOf: () => 1 };
}

async function readProgram(root: string, problems: Problems): Promise<LoadedProgram | undefined> {
  const file = PROGRAM_FILE;
  const text = await readTextFile(root, file, problems, { missingCode: 'CONFIG_INVALID' });
  if (text === undefined) return undefined;
  const { data, lineOf } = parseYaml(text, file, problems);
  if (data === undefined) return undefined;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    problems.add('YAML_NOT_MAPPING', 'Expected a mapping with publisher, tiers, groups, feed; got something else', { path: file, line: 1 });
    return undefined;
  }
  if (checkShape(programSchema, data, file, lineOf, problems) === 'invalid') return undefined;
  const raw = data as RawProgram;
  const before = problems.size;
  const at = (path: (string | number)[]) => ({ path: file, line: lineOf(path) });

  const tiers: Tier[] = raw.tiers.map((tier, rank) => ({ name: tier.name, rank, tlp: tier.tlp }));
  const tierNames = new Set<string>();
  raw.tiers.forEach((tier, i) => {
    if (tierNames.has(tier.name)) problems.add('CONFIG_INVALID', `Expected unique tier names, got \`${tier.name}\` twice`, at(['tiers', i, 'name']));
    tierNames.add(tier.name);
  });

  // The lowest tier is what the public group publishes unencrypted: it must be labelled public.
  const lowest = raw.tiers[0];
  if (lowest !== undefined && lowest.tlp !== 'CLEAR' && lowest.tlp !== 'WHITE') {
    problems.add('CONFIG_INVALID', `Expected the lowest tier \`${lowest.name}\` to be TLP CLEAR (it is published unencrypted), got ${lowest.tlp}`, at(['tiers', 0, 'tlp']));
  }

  const groups: Group[] = [];
  const groupIds = new Set<string>();
  raw.groups.forEach((group, i) => {
    if (groupIds.has(group.id)) problems.add('CONFIG_INVALID', `Expected unique group ids, got \`${group.id}\` twice`, at(['groups', i, 'id']));
    groupIds.add(group.id);
    group.tiers.forEach((tier, j) => {
      if (!tierNames.has(tier)) {
        problems.add('TIER_UNKNOWN', `Expected a tier declared under \`tiers\`, got \`${tier}\``, { ...at(['groups', i, 'tiers', j]), hint: `Known tiers: ${[...tierNames].join(', ')}` });
      }
    });
    const isPublic = group.public === true;
    // The public group is never encrypted: it may receive the lowest tier and nothing else.
    if (isPublic && (group.tiers.length !== 1 || group.tiers[0] !== tiers[0]?.name)) {
      problems.add('CONFIG_INVALID', `Expected the public group to receive only the lowest tier \`${tiers[0]?.name}\`, got ${group.tiers.join(', ')}`, at(['groups', i, 'tiers']));
    }
    groups.push({ id: group.id, name: group.name, tiers: [...group.tiers], public: isPublic });
  });
  const publicGroups = groups.filter((g) => g.public);
  if (publicGroups.length !== 1) {
    problems.add('CONFIG_INVALID', `Expected exactly one group with \`public: true\`, got ${publicGroups.length}`, at(['groups']));
  }

  const expiresAfter = parseDuration(raw.feed.expires_after);
  const graceAfter = parseDuration(raw.feed.grace_after);
  if (expiresAfter === undefined) problems.add('CONFIG_INVALID', 'Expected `expires_after` to be a duration such as `7d`', at(['feed', 'expires_after']));
  if (graceAfter === undefined) problems.add('CONFIG_INVALID', 'Expected `grace_after` to be a duration such as `2d`', at(['feed', 'grace_after']));
  if (problems.size > before || expiresAfter === undefined || graceAfter === undefined) return { program: undefined, lineOf };

  const publisher = { ...raw.publisher };
  return { program: { publisher, tiers, groups, feed: { expiresAfter, graceAfter }, source: { path: file, line: 1 } }, lineOf };
}
