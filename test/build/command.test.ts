/** `advisory-feed build` through the CLI: exit codes, summary (table or --json), warnings, problems listed. */
import { access } from 'node:fs/promises';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { main } from '../../scripts/cli/main.js';
import type { Io } from '../../scripts/cli/command.js';
import type { BuildSummaryJson } from '../../scripts/cli/commands/build-summary.js';
import { STAGES } from '../../scripts/build/pipeline.js';
import { countingUnreadAsRead } from '../content/fixture-root.js';
import { NOW, standardCorpus } from './corpus-fixture.js';
import { tempOut } from './fixture.js';

const command = suite('cli: build');

function captureIo(env: Record<string, string>, cwd: string): Io & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (l) => out.push(l), stderr: (l) => err.push(l), env: { CI: '1', ...env }, cwd };
}

command('builds, prints warnings on stderr and a summary table per group, exits 0', async () => {
  const { corpus } = await standardCorpus();
  const out = await tempOut();
  const io = captureIo({ ADVISORY_FEED_SIGNING_KEY: corpus.publisher.secret }, corpus.root);
  assert.is(await main(['build', '--out', out, '--now', NOW], io), 0);
  const summary = io.out.join('\n');
  assert.match(summary, /group\s+recipients\s+advisories\s+written\s+reused/);
  assert.match(summary, /partners\s+2\s+3\s+4\s+0/);
  assert.match(summary, /trusted\s+1\s+4\s+5\s+0/);
  assert.match(summary, /public \(public\)\s+-\s+1/);
  assert.match(io.err.join('\n'), /PARTNER_INACTIVE Partner shady is suspended/);
  assert.not.match(io.err.join('\n') + summary, /PRIVATE KEY/);
  await corpus.dispose();
});

command('--json prints one object: groups, files written and removed, warnings, stage times, sealing figures', async () => {
  const { corpus } = await standardCorpus();
  const out = await tempOut();
  const buildJson = async (): Promise<BuildSummaryJson> => {
    const io = captureIo({ ADVISORY_FEED_SIGNING_KEY: corpus.publisher.secret }, corpus.root);
    assert.is(await main(['build', '--out', out, '--now', NOW, '--json'], io), 0);
    assert.is(io.out.length, 1);
    return JSON.parse(io.out[0] as string) as BuildSummaryJson;
  };
  const cold = await buildJson();
  assert.is(cold.event, 'build');
  assert.is(cold.out, out);
  assert.equal(cold.groups.map((g) => [g.group, g.advisories]), [['partners', 3], ['trusted', 4], ['public', 1]]);
  assert.equal(cold.stages.map((s) => s.stage), STAGES.map(([name]) => name));
  assert.ok(cold.stages.every((s) => Number.isInteger(s.ms) && s.ms >= 0));
  // Every file placed is listed, and is there; items are named by their hash, never by an id.
  assert.equal(new Set(cold.written).size, cold.written.length);
  for (const rel of cold.written) await access(path.join(out, rel));
  assert.ok(cold.written.includes('groups/trusted/index.pgp') && cold.written.includes('.state.pgp'));
  assert.not.ok(cold.written.some((rel) => rel.startsWith('groups/') && /ADV-/.test(rel)));
  assert.equal(cold.removed, []);
  assert.ok(cold.warnings.some((w) => w.code === 'PARTNER_INACTIVE'));
  // 3 + 4 items under one recipient header per group; a view both groups see the same is signed once.
  assert.equal([cold.sealing.items, cold.sealing.headers], [7, 2]);
  assert.ok(cold.sealing.views >= 4 && cold.sealing.views <= 7, String(cold.sealing.views));

  // Every advisory parsed, then taken from the advisory cache in --root (no read-ahead worker
  // for so few files: each text is read and recognised in the build's thread).
  // Rebuilds may take a file from the cache unread once it is 2 s old (stat-keys.ts), as the
  // machine's speed decides here; which ones is test/content/stat-keys.test.ts's business.
  assert.equal(cold.loaded, { parsed: 5, cached: 0, keyOnly: 0, unread: 0 });
  const noop = await buildJson();
  assert.equal([noop.written, noop.sealing], [[], { items: 0, views: 0, headers: 0, ms: 0 }]);
  assert.equal(countingUnreadAsRead(noop.loaded), { parsed: 0, cached: 5, keyOnly: 0, unread: 0 });

  await corpus.advisory({ id: 'ADV-2025-0002', tier: 'partner', release: { partner: '2025-07-01T00:00:00Z' }, body: 'CANARY-0002-base, edited' });
  const edit = await buildJson();
  assert.equal([edit.sealing.items, edit.sealing.views, edit.sealing.headers], [2, 2, 2]);
  assert.equal(countingUnreadAsRead(edit.loaded), { parsed: 1, cached: 4, keyOnly: 0, unread: 0 });
  await corpus.dispose();
});

command('--json reports a failed build as an error object (and exits 1)', async () => {
  const { corpus } = await standardCorpus();
  await corpus.file('advisories/ADV-2025-0009.md', '---\nid: ADV-2025-0009\n---\nno title\n');
  const io = captureIo({ ADVISORY_FEED_SIGNING_KEY: corpus.publisher.secret }, corpus.root);
  assert.is(await main(['build', '--out', await tempOut(), '--now', NOW, '--json'], io), 1);
  const error = JSON.parse(io.out.at(-1) as string) as { event: string; code: string };
  assert.equal([error.event, error.code], ['error', 'BUILD_CONTENT_INVALID']);
  await corpus.dispose();
});

command('a bad --now is a usage error (exit 2)', async () => {
  const io = captureIo({}, process.cwd());
  assert.is(await main(['build', '--now', 'yesterday'], io), 2);
});

command('invalid content exits 1 and lists every problem as path:line: CODE', async () => {
  const { corpus } = await standardCorpus();
  await corpus.file('advisories/ADV-2025-0009.md', '---\nid: ADV-2025-0009\n---\nno title\n');
  const io = captureIo({ ADVISORY_FEED_SIGNING_KEY: corpus.publisher.secret }, corpus.root);
  assert.is(await main(['build', '--out', await tempOut(), '--now', NOW], io), 1);
  assert.match(io.err.join('\n'), /advisories\/ADV-2025-0009\.md:\d+: FIELD_MISSING/);
  assert.match(io.err.join('\n'), /error: BUILD_CONTENT_INVALID/);
  await corpus.dispose();
});

command('the default output folder is _site under --root', async () => {
  const { corpus } = await standardCorpus();
  const io = captureIo({ ADVISORY_FEED_SIGNING_KEY: corpus.publisher.secret }, '/');
  assert.is(await main(['build', '--root', corpus.root, '--now', NOW], io), 0);
  assert.match(io.out.join('\n'), new RegExp(`into ${corpus.root}/_site`));
  await corpus.dispose();
});

command.run();
