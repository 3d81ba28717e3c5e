/** The benchmark's table: each phase with its ratio to the baseline and the targets of issue 6. */
import type { Row } from './phases.js';

const fmt = (n: number | undefined, digits = 0) => (n === undefined ? '-' : n.toFixed(digits));

export function formatTable(rows: Row[]): string {
  const base = rows.find((r) => r.phase.startsWith('baseline'));
  const cold = rows.find((r) => r.phase === 'cold build');
  const header = ['phase', 'wall s', 'x baseline', '% cold', 'peak MiB', 'written', 'reused', 'requests', 'KiB', 'items/s'];
  const body = rows.map((r) => [
    r.phase,
    fmt(r.wallMs / 1000, 2),
    base === undefined ? '-' : fmt(r.wallMs / base.wallMs, 2),
    cold === undefined || r.filesWritten === undefined ? '-' : fmt((100 * r.wallMs) / cold.wallMs, 1),
    fmt(r.peakRssMiB),
    fmt(r.filesWritten),
    fmt(r.filesReused),
    fmt(r.requests),
    r.bytes === undefined ? '-' : fmt(r.bytes / 1024, 1),
    r.items === undefined || r.items === 0 ? '-' : fmt(r.items / (r.wallMs / 1000)),
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

/** With `--repeat`: every run of the baseline and of the cold build, and their ratio run by run. */
export function formatRuns(rows: Row[]): string | undefined {
  const base = rows.find((r) => r.phase.startsWith('baseline'))?.runsMs;
  const cold = rows.find((r) => r.phase === 'cold build')?.runsMs;
  if (base === undefined || cold === undefined) return undefined;
  const seconds = (runs: number[]) => runs.map((ms) => (ms / 1000).toFixed(2)).join(', ');
  return [
    `baseline and cold build, ${cold.length} runs each, alternating (the table shows each one's median run and its highest peak RSS):`,
    `  baseline: ${seconds(base)} s`,
    `  cold build: ${seconds(cold)} s`,
    `  cold build / baseline, run by run: ${cold.map((ms, i) => (ms / (base[i] ?? Number.NaN)).toFixed(2)).join(', ')}`,
  ].join('\n');
}
