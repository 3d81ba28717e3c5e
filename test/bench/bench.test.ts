/**
 * `npm run bench` (scripts/bench/) on a tiny corpus: every phase of issue 6 runs, in order, and
 * reports what it did (files written, requests, bytes, items, sealing), with the partner polling
 * nginx (installed by .ci/run) and the node:http server. Timing is never asserted here:
 * speed goals live in the bench itself.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Row } from '../../scripts/bench/phases.js';
import { countingUnreadAsRead } from '../content/fixture-root.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);
const bench = (args: string[]) => run(process.execPath, ['--import', 'tsx', 'scripts/bench/index.ts', ...args], { cwd: REPO, maxBuffer: 1 << 24 });

const PHASES = [
  'baseline: plain Eleventy', 'cold build', 'no-op rebuild', 'rebuild, one advisory edited', 'rebuild, one partner suspended',
  'poll: first full sync', 'poll: no change', 'poll: one advisory changed',
];

for (const server of ['nginx', 'node'] as const) {
  test(`measures every phase on a small corpus, prints the table and writes the same as JSON (polls served by ${server})`, async () => {
    const scratch = await mkdtemp(path.join(tmpdir(), 'af-bench-'));
    const json = path.join(scratch, 'bench.json');
    const { stdout } = await bench(['--advisories', '12', '--groups', '3', '--partners', '4', '--json', json, '--server', server]);
    assert.match(stdout, /^phase\s+wall s\s+CPU s\s+x baseline\s+% cold\s+peak MiB\s+written\s+reused\s+requests\s+KiB\s+items\/s$/m);
    const report = JSON.parse(await readFile(json, 'utf8')) as { options: { advisories: number }; server: string; rows: Row[] };
    assert.is(report.options.advisories, 12);
    assert.match(report.server, server === 'nginx' ? /^nginx\/\d/ : /^node:http/);
    assert.match(stdout, new RegExp(`^polls served by ${report.server.replace(/[.()/]/g, '\\$&')}$`, 'm'));
    assert.equal(report.rows.map((r) => r.phase), PHASES);
    for (const row of report.rows) {
      assert.ok(row.wallMs > 0 && row.cpuMs > 0 && row.peakRssMiB > 0, row.phase);
      // The table's row: the phase, its wall time, then its CPU time (every thread of its process).
      assert.match(stdout, new RegExp(`^${row.phase}\\s+${(row.wallMs / 1000).toFixed(2)}\\s+${(row.cpuMs / 1000).toFixed(2)}\\s`, 'm'));
    }
    // Items a second, for the polls that fetched items: the one changed item's rate keeps a decimal.
    const oneChange = report.rows.find((r) => r.phase === 'poll: one advisory changed');
    assert.is(oneChange?.items, 1);
    const rate = 1 / ((oneChange?.wallMs ?? 0) / 1000);
    assert.match(stdout, new RegExp(`^poll: one advisory changed\\s.*\\s${rate.toFixed(rate < 10 ? 1 : 0).replace('.', '\\.')}$`, 'm'));
    // Node alone takes tens of milliseconds of CPU to start; a phase's CPU is its process's, not the bench's.
    assert.ok(report.rows.every((r) => r.cpuMs >= 20), 'each phase used at least the CPU of starting Node');
    const [, cold, noop, edit, suspend, sync, unchanged, changed] = report.rows as Row[] & { length: 8 };
    assert.ok((cold?.filesWritten ?? 0) > 12);
    assert.is(noop?.filesWritten, 0);
    assert.ok((edit?.filesWritten ?? 0) > 0 && (edit?.filesWritten ?? 0) < (cold?.filesWritten ?? 0));
    assert.ok((suspend?.filesWritten ?? 0) > 0);
    // Sealing, from each build's --json: the cold build seals every item, one recipient header per group.
    const sealing = cold?.sealing;
    assert.ok(sealing !== undefined && sealing.items >= 12 && sealing.views <= sealing.items && sealing.ms > 0);
    assert.is(sealing?.headers, sealing?.groups);
    assert.match(stdout, new RegExp(`^sealing \\(cold build\\): ${sealing?.items} items, ${sealing?.views} distinct views, ${sealing?.headers} recipient headers for ${sealing?.groups} groups, .* ms an item`, 'm'));
    assert.is(noop?.sealing?.items, 0);
    assert.ok((edit?.sealing?.items ?? 0) > 0 && (edit?.sealing?.headers ?? 0) <= (edit?.sealing?.items ?? 0));
    // The cold build parses every advisory (the bench forgets the parse cache first); rebuilds
    // take them from the cache (too few files for the read-ahead worker's keys).
    // Rebuilds may take files older than 2 s from the cache unread (stat-keys.ts).
    assert.equal(cold?.loaded, { parsed: 12, cached: 0, keyOnly: 0, unread: 0 });
    assert.equal([noop?.loaded, edit?.loaded].map((loaded) => loaded && countingUnreadAsRead(loaded)), [
      { parsed: 0, cached: 12, keyOnly: 0, unread: 0 }, { parsed: 1, cached: 11, keyOnly: 0, unread: 0 },
    ]);
    assert.match(stdout, new RegExp(`^ {2}no-op rebuild: 0 parsed, 12 from the cache \\((${noop?.loaded?.unread}) by key, \\1 of them unread\\)$`, 'm'));
    // The first sync fetches the index and every item of the member's group, once.
    assert.ok((sync?.items ?? 0) > 0 && (sync?.items ?? 0) <= 12);
    assert.is(sync?.requests, (sync?.items ?? 0) + 1);
    assert.equal([unchanged?.requests, unchanged?.bytes, unchanged?.items], [1, 0, 0]);
    assert.equal([changed?.requests, changed?.items], [2, 1]);
    // Body bytes as the server sent them (nginx: its access log; node: the files answered 200).
    assert.ok((sync?.bytes ?? 0) > 0 && (changed?.bytes ?? 0) > 0);
    await rm(scratch, { recursive: true });
  });
}

test('--repeat 2 runs the baseline and the cold build twice, alternating, then the no-op, the edit and the first sync twice, and reports the median run of each', async () => {
  const scratch = await mkdtemp(path.join(tmpdir(), 'af-bench-'));
  const json = path.join(scratch, 'bench.json');
  const { stdout, stderr } = await bench(['--advisories', '6', '--groups', '2', '--partners', '3', '--json', json, '--server', 'node', '--repeat', '2']);
  const report = JSON.parse(await readFile(json, 'utf8')) as { options: { repeat: number }; rows: Row[] };
  assert.is(report.options.repeat, 2);
  assert.equal(report.rows.map((r) => r.phase), PHASES);
  const order = [...stderr.matchAll(/^bench: (.+?)(?: \(run (\d) of 2\))?: [\d.]+ s/gm)].map((m) => `${m[1]}${m[2] === undefined ? '' : ` #${m[2]}`}`);
  assert.equal(order, [
    'baseline: plain Eleventy #1', 'cold build #1', 'baseline: plain Eleventy #2', 'cold build #2',
    'no-op rebuild #1', 'no-op rebuild #2', 'rebuild, one advisory edited #1', 'rebuild, one advisory edited #2',
    'rebuild, one partner suspended', 'poll: first full sync #1', 'poll: first full sync #2', 'poll: no change', 'poll: one advisory changed',
  ]);
  const [baseline, cold, noop, edit, suspension, sync, unchanged] = report.rows as Row[] & { length: 8 };
  const repeated = [baseline, cold, noop, edit, sync];
  for (const row of repeated) {
    assert.is(row?.runsMs?.length, 2, row?.phase);
    // The slower of the two middle runs of an even number, and the higher peak RSS.
    assert.is(row?.wallMs, Math.max(...(row?.runsMs ?? [])), row?.phase);
  }
  assert.equal(report.rows.filter((r) => r.runsMs !== undefined), repeated);
  assert.is(suspension?.runsMs, undefined);
  // The median cold build wrote into a fresh folder: it sealed every item.
  assert.ok((cold?.sealing?.items ?? 0) >= 6);
  assert.is(noop?.filesWritten, 0);
  // Each edit changed the advisory again: its item was sealed anew in every group that sees it.
  assert.ok((edit?.filesWritten ?? 0) > 0);
  // Each first sync started from an empty mirror: it fetched every item, and the poll after it none.
  assert.is(sync?.items, 6);
  assert.equal([unchanged?.requests, unchanged?.items], [1, 0]);
  const seconds = (runs: number[] | undefined) => (runs ?? []).map((ms) => (ms / 1000).toFixed(2)).join(', ');
  const rates = (row: Row | undefined) => (row?.runsMs ?? []).map((ms) => 6 / (ms / 1000)).map((r) => r.toFixed(r < 10 ? 1 : 0)).join(', ');
  assert.match(stdout, [
    "2 runs of each phase below (the table shows each one's median run and its highest peak RSS; the baseline and the cold build alternate):",
    `  baseline: plain Eleventy: ${seconds(baseline?.runsMs)} s`,
    `  cold build: ${seconds(cold?.runsMs)} s`,
    `  no-op rebuild: ${seconds(noop?.runsMs)} s`,
    `  rebuild, one advisory edited: ${seconds(edit?.runsMs)} s`,
    `  poll: first full sync: ${seconds(sync?.runsMs)} s (${rates(sync)} items/s)`,
    '  cold build / baseline, run by run: ',
  ].join('\n'));
  await rm(scratch, { recursive: true });
});

test('an interrupted bench stops its phase and removes its temporary folder', async () => {
  const usageFolders = async () => (await readdir(tmpdir())).filter((name) => name.startsWith('bench-usage-')).sort();
  const before = await usageFolders();
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/bench/index.ts', '--advisories', '12', '--groups', '3', '--partners', '4', '--server', 'node'], { cwd: REPO });
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const coldBuildRunning = new Promise<boolean>((resolve) => {
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (/bench: baseline: /.test(stderr)) resolve(true);
    });
  });
  assert.ok(await Promise.race([coldBuildRunning, exited.then(() => false)]), `the bench ended before its cold build: ${stderr}`);
  const scratch = /into (\S+)\n/.exec(stderr)?.[1];
  assert.ok(scratch !== undefined && scratch.includes('advisory-feed-bench-'), stderr);
  // Interrupted while the cold build is measured: it has started writing its output.
  for (let waited = 0; waited < 30_000 && !(await stat(path.join(scratch, 'site')).then(() => true, () => false)); waited += 20) await sleep(20);
  child.kill('SIGINT');
  assert.is(await exited, 130);
  assert.match(stderr, `bench: SIGINT: removing ${scratch}`);
  assert.is(await stat(scratch).then(() => 'still there', () => 'removed'), 'removed');
  // The measured phase's usage file was in that folder too: nothing left beside it.
  assert.equal(await usageFolders(), before);
});

test('--help prints the options and exits 0; a usage error exits 2 before anything is written', async () => {
  const help = await bench(['--help']);
  assert.match(help.stdout, '$ npm run bench -- [options]');
  assert.is(help.stderr, '');
  for (const [args, message] of [[['--advisory', '500'], 'Usage error: Unknown option --advisory.'], [['--repeat', '0'], 'Usage error: --repeat must be a whole number']] as const) {
    try {
      await bench([...args]);
      assert.unreachable(`the bench ran with ${args.join(' ')}`);
    } catch (error) {
      assert.is((error as { code?: number }).code, 2, args.join(' '));
      const stderr = (error as { stderr?: string }).stderr ?? '';
      assert.match(stderr, message);
      assert.not.match(stderr, 'bench: writing'); // stopped before the corpus
    }
  }
});

test.run();
