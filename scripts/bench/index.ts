/**
 * `npm run bench [-- --advisories N --groups N --partners N --keys-per-partner N --restricted-share F --server nginx|node --repeat N]`
 * (`npm run bench -- --help`; options.ts)
 *
 * Writes a synthetic corpus to a temporary folder and measures, each in a fresh process with wall
 * time, CPU time (every thread) and peak RSS: plain Eleventy on the same Markdown (the baseline),
 * a cold build, a no-op rebuild, a rebuild after one edited advisory, a rebuild after suspending
 * one partner, a partner's first full sync over HTTP on 127.0.0.1, a no-change poll, and a poll
 * after one advisory changed. Prints a table, then the cold build's sealing figures (recipient headers per
 * group, milliseconds per item, from its `build --json`), and writes the same as JSON
 * (bench-results/bench-<advisories>.json). The partner polls nginx when it is installed, else a
 * node:http server inside the bench process (serve.ts). `--repeat N` runs the baseline and the cold
 * build N times, alternating, then the no-op rebuild, the edit (a new edit each time) and the first
 * full sync (into a fresh mirror each time) N times, and reports each one's median run
 * (repeat.ts). The suspension and the last two polls run once.
 */
import { rmSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { UsageError } from '../cli/command.js';
import { killAll } from './children.js';
import { writeCorpus } from './corpus.js';
import { benchHelp, parseBenchOptions, type BenchOptions } from './options.js';
import * as phase from './phases.js';
import { medianRun } from './repeat.js';
import { formatLoaded, formatRuns, formatSealing, formatTable } from './report.js';
import { findNginx, type ServerKind } from './serve.js';

let parsed: BenchOptions;
try {
  parsed = parseBenchOptions(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  console.error(`Usage error: ${error.message}`);
  process.exit(2);
}
if (parsed.help) {
  console.log(benchHelp());
  process.exit(0);
}
const { corpus: options, repeat } = parsed;
const serverKind: ServerKind = parsed.server ?? (findNginx() === undefined ? 'node' : 'nginx');

const scratch = await mkdtemp(path.join(tmpdir(), 'advisory-feed-bench-'));
const dirs: phase.BenchDirs = { scratch, out: path.join(scratch, 'site'), state: path.join(scratch, 'poll-state'), mirror: path.join(scratch, 'mirror') };
// Interrupted (Ctrl-C, a kill): stop the phase running and nginx, and remove what the run wrote
// (gigabytes at 50,000 advisories) unless --keep, instead of leaving it in the temporary folder.
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
  process.once(signal, () => {
    killAll();
    if (!parsed.keep) {
      console.error(`bench: ${signal}: removing ${scratch}`);
      rmSync(scratch, { recursive: true, force: true });
    } else {
      console.error(`bench: ${signal}: kept ${scratch}`);
    }
    process.exit(code);
  });
}
try {
  const t0 = Date.now();
  console.error(`bench: writing ${options.advisories} advisories, ${options.groups} groups, ${options.partners} partners into ${scratch}`);
  const corpus = await writeCorpus(path.join(scratch, 'content'), options);
  console.error(`bench: corpus ready in ${((Date.now() - t0) / 1000).toFixed(1)} s; measuring`);

  const rows: phase.Row[] = [];
  const log = (row: phase.Row, label = '') => console.error(`bench: ${row.phase}${label}: ${(row.wallMs / 1000).toFixed(2)} s, CPU ${(row.cpuMs / 1000).toFixed(2)} s, ${row.peakRssMiB.toFixed(0)} MiB`);
  const step = async (row: Promise<phase.Row>) => {
    const done = await row;
    rows.push(done);
    log(done);
  };
  const runLabel = (n: number) => (repeat === 1 ? '' : ` (run ${n} of ${repeat})`);
  /** `repeat` runs of one phase, one after another; the table gets the median run. */
  const repeated = async (run: (n: number) => Promise<phase.Row>): Promise<void> => {
    const all: phase.Row[] = [];
    for (let n = 1; n <= repeat; n++) {
      const done = await run(n);
      all.push(done);
      log(done, runLabel(n));
    }
    rows.push(medianRun(all));
  };
  // The baseline and the cold build, `repeat` times, alternating; each run into a fresh folder.
  const runs: { baseline: phase.Row[]; cold: phase.Row[] } = { baseline: [], cold: [] };
  for (let run = 1; run <= repeat; run++) {
    const suffix = repeat === 1 ? '' : `-${run}`;
    dirs.out = path.join(scratch, `site${suffix}`);
    const baseline = await phase.baseline(corpus, dirs, `baseline${suffix}`);
    runs.baseline.push(baseline);
    log(baseline, runLabel(run));
    await phase.forgetParseCache(corpus); // the previous run's, so that every cold build parses everything
    const cold = await phase.build('cold build', corpus, dirs);
    runs.cold.push(cold);
    log(cold, runLabel(run));
  }
  rows.push(medianRun(runs.baseline), medianRun(runs.cold));
  // The rebuilds and polls below use the last cold build's output.
  await repeated(() => phase.build('no-op rebuild', corpus, dirs));
  await repeated(async (n) => {
    await phase.editOneAdvisory(corpus, `Benchmark edit ${n}`);
    return phase.build('rebuild, one advisory edited', corpus, dirs);
  });
  await phase.suspendOnePartner(corpus, options.partners);
  await step(phase.build('rebuild, one partner suspended', corpus, dirs));

  const server = await phase.serve(dirs, serverKind);
  console.error(`bench: the partner polls ${server.description} at ${server.origin}`);
  try {
    // Each first sync into a fresh mirror and state, kept until the bench ends (repeat.ts); the
    // polls after it use the last one's.
    await repeated((n) => {
      const suffix = repeat === 1 ? '' : `-${n}`;
      dirs.state = path.join(scratch, `poll-state${suffix}`);
      dirs.mirror = path.join(scratch, `mirror${suffix}`);
      return phase.poll('poll: first full sync', corpus, dirs, server);
    });
    await step(phase.poll('poll: no change', corpus, dirs, server));
    await phase.editOneAdvisory(corpus, 'Benchmark edit before the last poll');
    await phase.build('(rebuild before the next poll, not measured)', corpus, dirs);
    await step(phase.poll('poll: one advisory changed', corpus, dirs, server));
  } finally {
    await server.close();
  }

  const report = { date: new Date().toISOString(), node: process.version, options: { ...options, repeat }, server: server.description, rows };
  console.log(formatTable(rows));
  const everyRun = formatRuns(rows);
  if (everyRun !== undefined) console.log(`\n${everyRun}`);
  console.log(`\n${formatSealing(rows)}`);
  const loaded = formatLoaded(rows);
  if (loaded !== undefined) console.log(loaded);
  console.log(`polls served by ${server.description}`);
  const target = parsed.json ?? path.join('bench-results', `bench-${options.advisories}.json`);
  await mkdir(path.dirname(path.resolve(target)), { recursive: true });
  await writeFile(target, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nwrote ${target}`);
} finally {
  if (!parsed.keep) await rm(scratch, { recursive: true, force: true });
  else console.error(`bench: kept ${scratch}`);
}
