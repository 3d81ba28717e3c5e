/** The public outputs for the repository's own sample advisories, planned by the build's stages. */
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { planAudiences } from '../../../scripts/build/plan/index.js';
import { renderPublic } from '../../../scripts/build/public/index.js';
import { loadContent } from '../../../scripts/content/load-content.js';
import { ARMORED, FINGERPRINT } from './render-sample.js';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));

test('renders the public group of the sample advisories: a page each, no text of a higher tier', async () => {
  const { content } = await loadContent(REPO);
  const now = new Date('2030-01-01T00:00:00Z');
  const plan = planAudiences(content, now);
  const publicViews = plan.groups.find((g) => g.group.public)!.views;
  assert.ok(publicViews.length > 0);
  const files = await renderPublic(publicViews, { program: content.program, now: now.toISOString(), publisher: { fingerprint: FINGERPRINT, armored: ARMORED } });
  const paths = new Set(files.map((f) => f.path));
  for (const view of publicViews) assert.ok(paths.has(`advisories/${view.advisory.id.toLowerCase()}/index.html`), view.advisory.id);
  // Only the public views' ids appear anywhere in the output.
  const publicIds = new Set(publicViews.map((v) => v.advisory.id));
  const text = files.map((f) => new TextDecoder().decode(f.data)).join('\n');
  for (const advisory of content.advisories) {
    if (!publicIds.has(advisory.id)) assert.not.ok(text.includes(advisory.id), `${advisory.id} is not public and must not appear`);
  }
});

test.run();
