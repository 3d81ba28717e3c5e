/**
 * CSAF for real content: the repository's sample advisories and the benchmark corpus generator's
 * output, loaded and planned by the build's own stages, rendered for every group at several
 * moments of their embargo; every document must pass the schema and all mandatory tests.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { toCsaf } from '../../../scripts/build/csaf/index.js';
import { planAudiences } from '../../../scripts/build/plan/index.js';
import { writeCorpus } from '../../../scripts/bench/corpus.js';
import { loadContent } from '../../../scripts/content/load-content.js';
import { csafErrors } from './validate-csaf.js';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));

/** Every release date of the content, plus the moment after the last one. */
function moments(dates: string[]): Date[] {
  const sorted = [...new Set(dates)].sort();
  const last = sorted[sorted.length - 1];
  return [...sorted.map((d) => new Date(d)), new Date(new Date(last ?? '2030-01-01T00:00:00Z').getTime() + 86_400_000)];
}

async function checkRoot(root: string, label: string): Promise<number> {
  const { content, problems } = await loadContent(root);
  assert.equal(problems.map((p) => p.format()), [], `${label} content loads clean`);
  let checked = 0;
  const seen = new Set<string>();
  for (const now of moments(content.advisories.flatMap((a) => Object.values(a.release)))) {
    for (const group of planAudiences(content, now).groups) {
      for (const view of group.views) {
        if (seen.has(view.viewHash)) continue;
        seen.add(view.viewHash);
        const errors = await csafErrors(toCsaf(view, content.program));
        assert.equal(errors, [], `${label}: ${view.advisory.id} for ${group.group.id} at ${now.toISOString()}`);
        checked++;
      }
    }
  }
  return checked;
}

test('every view of the repository sample advisories is a valid CSAF document', async () => {
  const checked = await checkRoot(REPO, 'samples');
  assert.ok(checked > 10, `checked ${checked} views`);
});

test('every view of the bench corpus generator output is a valid CSAF document', async () => {
  const root = await mkdtemp(join(tmpdir(), 'advisory-feed-corpus-'));
  try {
    await writeCorpus(root, { advisories: 60, groups: 3, partners: 2, maxKeysPerPartner: 1, restrictedShare: 0.3 });
    const checked = await checkRoot(root, 'corpus');
    assert.ok(checked >= 60, `checked ${checked} views`);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test.run();
