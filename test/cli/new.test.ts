import { mkdtemp, readFile, readdir, rm, writeFile, mkdir, cp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Io } from '../../scripts/cli/command.js';
import { newAdvisory } from '../../scripts/cli/commands/new.js';
import { loadContent } from '../../scripts/content/index.js';
import { fixtureRoot, NOW } from '../content/fixture-root.js';

function captureIo(cwd: string): Io & { out: string[] } {
  const out: string[] = [];
  return { out, stdout: (l) => out.push(l), stderr: () => {}, env: {}, cwd };
}

test('picks the next free id of the year and today\'s date, and the draft passes check', async () => {
  const root = await fixtureRoot();
  try {
    const io = captureIo(root.root);
    assert.is(await newAdvisory.run({ title: 'Example: SSRF in webhook test', now: '2025-09-01T10:00:00Z' }, io), 0);
    const text = await readFile(path.join(root.root, 'advisories/ADV-2025-0003.md'), 'utf8');
    assert.match(text, /^id: ADV-2025-0003$/m);
    assert.match(text, /^title: "Example: SSRF in webhook test"$/m);
    assert.match(text, /^ {2}partner: 2025-09-01$/m);
    assert.match(text, /^status: draft$/m);
    const { problems } = await loadContent(root.root, { now: NOW });
    assert.equal(problems.map((p) => p.format()), []);
  } finally {
    await root.remove();
  }
});

test('skips gaps by taking one above the highest number, and starts each year at 0001', async () => {
  const root = await mkdtemp(path.join(tmpdir(), 'advisory-feed-new-'));
  try {
    await mkdir(path.join(root, 'advisories'));
    for (const id of ['ADV-2025-0001', 'ADV-2025-0041', 'ADV-2026-0007']) await writeFile(path.join(root, `advisories/${id}.md`), '');
    await newAdvisory.run({ now: '2025-12-31T23:00:00Z' }, captureIo(root));
    await newAdvisory.run({ now: '2027-01-02T00:00:00Z' }, captureIo(root));
    const names = (await readdir(path.join(root, 'advisories'))).sort();
    assert.ok(names.includes('ADV-2025-0042.md'), names.join());
    assert.ok(names.includes('ADV-2027-0001.md'), names.join());
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test('a new advisory in the repository samples would be the next 2026 id', async () => {
  const root = await mkdtemp(path.join(tmpdir(), 'advisory-feed-new-'));
  try {
    await cp(path.resolve('advisories'), path.join(root, 'advisories'), { recursive: true });
    const io = captureIo(root);
    await newAdvisory.run({ now: '2026-11-28T09:00:00Z' }, io);
    assert.match(io.out.join('\n'), /advisories\/ADV-2026-0018\.md/);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});

test.run();
