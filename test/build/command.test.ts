/** `advisory-feed build` through the CLI: exit codes, summary, warnings, problems listed. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { main } from '../../scripts/cli/main.js';
import type { Io } from '../../scripts/cli/command.js';
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
