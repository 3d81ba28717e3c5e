/**
 * The benchmark's phases, in order. Each runs the real CLI (or plain Eleventy) as a child process
 * via measureNode, on the corpus written by writeCorpus, and returns one row of the report.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SealingFigures } from '../build/seal/seal-items.js';
import type { BuildSummaryJson } from '../cli/commands/build-summary.js';
import { CACHE_DIR } from '../content/advisory-cache.js';
import type { LoadTally } from '../content/index.js';
import type { Corpus } from './corpus.js';
import { measureNode, type Measurement } from './measure.js';
import { serveFolder, type BenchServer, type ServerKind } from './serve.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const CLI = path.join(REPO, 'bin/advisory-feed.js');

export interface Row {
  phase: string;
  wallMs: number;
  /** CPU time of the phase's process, every thread (measure.ts). */
  cpuMs: number;
  peakRssMiB: number;
  filesWritten?: number;
  filesReused?: number;
  requests?: number;
  bytes?: number;
  items?: number;
  /** Builds: the new items sealed, and the groups (not public) they could have gone to. */
  sealing?: SealingFigures & { groups: number };
  /** Builds: how the load stage had the advisories (`build --json`'s `loaded`). */
  loaded?: LoadTally;
  /** With `--repeat`: the wall time of every run, in order (this row is the median run's). */
  runsMs?: number[];
}

export interface BenchDirs {
  scratch: string;
  out: string;
  state: string;
  mirror: string;
}

const NOW = '2026-11-28T12:00:00Z';

/** A build's row, from its `--json` summary (the last line of its stdout). */
function buildRow(phase: string, m: Measurement): Row {
  const summary = JSON.parse(m.stdout.trim().split('\n').at(-1) as string) as BuildSummaryJson;
  const groups = summary.groups.filter((g) => !g.public);
  return {
    phase, wallMs: m.wallMs, cpuMs: m.cpuMs, peakRssMiB: m.peakRssMiB,
    filesWritten: summary.written.length,
    filesReused: summary.groups.reduce((sum, g) => sum + g.reused, 0),
    sealing: { ...summary.sealing, groups: groups.length },
    loaded: summary.loaded,
  };
}

/** `folder`: under the scratch folder, for Eleventy's layout and output (a fresh one per run). */
export async function baseline(corpus: Corpus, dirs: BenchDirs, folder = 'baseline'): Promise<Row> {
  const m = await measureNode(path.join(REPO, 'scripts/bench/baseline.mjs'), [path.join(corpus.root, 'advisories'), path.join(dirs.scratch, folder)], {
    cwd: dirs.scratch, // not the repo: plain Eleventy must not load our .eleventy.js
    scratch: dirs.scratch,
  });
  return { phase: 'baseline: plain Eleventy', wallMs: m.wallMs, cpuMs: m.cpuMs, peakRssMiB: m.peakRssMiB };
}

export async function build(phase: string, corpus: Corpus, dirs: BenchDirs): Promise<Row> {
  const m = await measureNode(CLI, ['build', '--root', corpus.root, '--out', dirs.out, '--now', NOW, '--json'], {
    cwd: REPO,
    env: { ADVISORY_FEED_SIGNING_KEY_FILE: corpus.publisherKeyFile },
    scratch: dirs.scratch,
  });
  return buildRow(phase, m);
}

/** Removes the parse cache a build keeps in the corpus (content/advisory-cache.ts). */
export async function forgetParseCache(corpus: Corpus): Promise<void> {
  await rm(path.join(corpus.root, CACHE_DIR), { recursive: true, force: true });
}

/** Appends a revision to one advisory (the middle one), so exactly one source changes. */
export async function editOneAdvisory(corpus: Corpus, note: string): Promise<void> {
  const id = corpus.ids[Math.floor(corpus.ids.length / 2)] as string;
  const file = path.join(corpus.root, 'advisories', `${id}.md`);
  const text = await readFile(file, 'utf8');
  const edited = text.replace(/^status: published$/m, `  - date: 2026-11-27\n    note: ${note}\nstatus: published`);
  await writeFile(file, edited.replace(/\n\n## Summary\n/, `\n\n## Summary\n\n${note}.\n`));
}

/** Suspends the last partner of the corpus (a member of some group, not the polling member). */
export async function suspendOnePartner(corpus: Corpus, partners: number): Promise<void> {
  const id = `partner-${String(partners - 1).padStart(4, '0')}`;
  const file = path.join(corpus.root, 'partners', `${id}.md`);
  const text = await readFile(file, 'utf8');
  await writeFile(file, text.replace('status: active', 'status: suspended\nstatus_date: 2026-11-27\nstatus_reason: Benchmark suspension'));
}

export async function serve(dirs: BenchDirs, kind: ServerKind): Promise<BenchServer> {
  return serveFolder(dirs.out, dirs.scratch, kind);
}

export async function poll(phase: string, corpus: Corpus, dirs: BenchDirs, server: BenchServer): Promise<Row> {
  const before = (await server.requests()).length;
  const m = await measureNode(
    CLI,
    ['poll', '--feed', `${server.origin}/groups/${corpus.member.group}/`, '--key', corpus.member.secretKeyFile, '--publisher-key', path.join(corpus.root, 'partners/publisher.asc'), '--state', dirs.state, '--out', dirs.mirror, '--json'],
    { cwd: REPO, scratch: dirs.scratch },
  );
  const requests = (await server.requests()).slice(before);
  const bytes = requests.reduce((sum, r) => sum + r.bytes, 0);
  const items = requests.filter((r) => r.path.includes('/items/') && r.status === 200).length;
  return { phase, wallMs: m.wallMs, cpuMs: m.cpuMs, peakRssMiB: m.peakRssMiB, requests: requests.length, bytes, items };
}
