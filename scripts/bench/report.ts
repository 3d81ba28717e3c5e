/** The benchmark's table: each phase with its ratio to the baseline and the targets of issue 6. */
import type { LoadTally } from '../content/index.js';
import type { Row } from './phases.js';

const fmt = (n: number | undefined, digits = 0) => (n === undefined ? '-' : n.toFixed(digits));
/** Items a second, with a decimal below 10 (a poll of one changed item is not "0 items/s"). */
export const formatRate = (items: number, ms: number): string => {
  const rate = items / (ms / 1000);
  return rate.toFixed(rate < 10 ? 1 : 0);
};

export function formatTable(rows: Row[]): string {
  const base = rows.find((r) => r.phase.startsWith('baseline'));
  const cold = rows.find((r) => r.phase === 'cold build');
  const header = ['phase', 'wall s', 'CPU s', 'x baseline', '% cold', 'peak MiB', 'written', 'reused', 'requests', 'KiB', 'items/s'];
  const body = rows.map((r) => [
    r.phase,
    fmt(r.wallMs / 1000, 2),
    fmt(r.cpuMs / 1000, 2),
    base === undefined ? '-' : fmt(r.wallMs / base.wallMs, 2),
    cold === undefined || r.filesWritten === undefined ? '-' : fmt((100 * r.wallMs) / cold.wallMs, 1),
    fmt(r.peakRssMiB),
    fmt(r.filesWritten),
    fmt(r.filesReused),
    fmt(r.requests),
    r.bytes === undefined ? '-' : fmt(r.bytes / 1024, 1),
    r.items === undefined || r.items === 0 ? '-' : formatRate(r.items, r.wallMs),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => String(row[i]).length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map((row) => line(row.map(String)))].join('\n');
}

/**
 * Issue 6's sealing target, from the cold build's own figures: recipient headers against groups
 * (one each per build), and the time of its item phase (starting the workers, rendering, signing
 * each distinct view once, encrypting and writing) per item sealed.
 */
export function formatSealing(rows: Row[]): string {
  const sealing = rows.find((r) => r.phase === 'cold build')?.sealing;
  if (sealing === undefined || sealing.items === 0) return 'sealing: the cold build sealed no items';
  const perItem = sealing.ms / sealing.items;
  return `sealing (cold build): ${sealing.items} items, ${sealing.views} distinct views, ${sealing.headers} recipient headers for ${sealing.groups} groups, `
    + `${(sealing.ms / 1000).toFixed(1)} s = ${perItem.toFixed(2)} ms an item (target: one header per group, <= 0.5 ms an item)`;
}

/**
 * How each build had its advisories (its `build --json` `loaded`): a rebuild that parses them
 * all again has lost its parse cache, and its time says nothing about a rebuild's.
 */
export function formatLoaded(rows: Row[]): string | undefined {
  const builds = rows.filter((r): r is Row & { loaded: LoadTally } => r.loaded !== undefined);
  if (builds.length === 0) return undefined;
  return [
    'advisories parsed, and taken from the parse cache (of those, recognised by their key alone):',
    ...builds.map((r) => `  ${r.phase}: ${r.loaded.parsed} parsed, ${r.loaded.cached} from the cache (${r.loaded.keyOnly} by key, ${r.loaded.unread} of them unread)`),
  ].join('\n');
}

/**
 * With `--repeat`: every run of each repeated phase (items/s for a sync), and the cold build's
 * ratio to the baseline run by run.
 */
export function formatRuns(rows: Row[]): string | undefined {
  const repeated = rows.filter((r): r is Row & { runsMs: number[] } => r.runsMs !== undefined);
  if (repeated.length === 0) return undefined;
  const base = rows.find((r) => r.phase.startsWith('baseline'))?.runsMs;
  const cold = rows.find((r) => r.phase === 'cold build')?.runsMs;
  const seconds = (runs: number[]) => runs.map((ms) => (ms / 1000).toFixed(2)).join(', ');
  const lines = [`${repeated[0]?.runsMs.length} runs of each phase below (the table shows each one's median run and its highest peak RSS; the baseline and the cold build alternate):`];
  for (const row of repeated) {
    const rates = row.items === undefined || row.items === 0 ? '' : ` (${row.runsMs.map((ms) => formatRate(row.items as number, ms)).join(', ')} items/s)`;
    lines.push(`  ${row.phase}: ${seconds(row.runsMs)} s${rates}`);
  }
  if (base !== undefined && cold !== undefined) {
    lines.push(`  cold build / baseline, run by run: ${cold.map((ms, i) => (ms / (base[i] ?? Number.NaN)).toFixed(2)).join(', ')}`);
  }
  return lines.join('\n');
}
