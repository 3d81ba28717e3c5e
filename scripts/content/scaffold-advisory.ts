/**
 * `advisory-feed new`: writes advisories/ADV-YYYY-NNNN.md with the next free number of the year,
 * a draft that passes `check` as it is (drafts are never published).
 */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadProgram } from './load-program.js';
import { Problems } from './problems.js';
import { ADVISORY_ID } from './schemas.js';

/** The next free id of `year`: one above the highest `ADV-<year>-NNNN` file in advisories/. */
export async function nextAdvisoryId(root: string, year: number): Promise<string> {
  let names: string[] = [];
  try {
    names = await readdir(path.join(root, 'advisories'));
  } catch {
    // no advisories/ yet: the first id of the year
  }
  const prefix = `ADV-${year}-`;
  const numbers = names
    .map((n) => n.replace(/\.md$/, ''))
    .filter((id) => ADVISORY_ID.test(id) && id.startsWith(prefix))
    .map((id) => Number(id.slice(prefix.length)));
  const next = Math.max(0, ...numbers) + 1;
  return `${prefix}${String(next).padStart(4, '0')}`;
}

/** Writes the scaffold and returns its path relative to `root`; never overwrites a file. */
export async function scaffoldAdvisory(root: string, options: { title?: string; now?: Date } = {}): Promise<string> {
  const now = options.now ?? new Date();
  const id = await nextAdvisoryId(root, now.getUTCFullYear());
  const day = now.toISOString().slice(0, 10);
  const { program } = await loadProgram(root, new Problems());
  const tiers = program?.tiers.map((t) => t.name) ?? ['public', 'partner'];
  const tier = tiers[1] ?? tiers[0] ?? 'partner'; // the first embargoed tier, when there is one
  const title = (options.title ?? 'TITLE: product, kind of flaw, impact').replace(/[\r\n]+/g, ' ');
  const text = `---
id: ${id}
title: ${JSON.stringify(title)}
summary: >-
  One or two sentences: what is affected, what an attacker can do, what to do.
severity: high
cvss: CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H
cve: []
products:
  - name: Product name
    affected: "< 1.0.1"
    fixed: "1.0.1"
tier: ${tier}
release:
  ${tier}: ${day}
revisions:
  - date: ${day}
    note: Initial notification.
status: draft
credits: []
references: []
---
## Description

What is wrong, where, and the impact.

## Remediation

Upgrade to the fixed version. Workarounds, if any.
`;
  const rel = `advisories/${id}.md`;
  await mkdir(path.join(root, 'advisories'), { recursive: true });
  await writeFile(path.join(root, rel), text, { flag: 'wx' });
  return rel;
}
