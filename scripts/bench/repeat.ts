/**
 * `--repeat N`: the baseline and the cold build run N times, alternating, so that a ratio between
 * them is not decided by when each ran (this project's VM drifts by up to 2x within minutes). Each
 * run renders or builds into a fresh folder, kept until the bench ends: deleting ~100,000 files
 * slows this kind of disk's file creation for a while (BASELINES.md), which would slow the next run.
 * The no-op rebuild, the edit and the first sync (into a fresh mirror each time, kept likewise) then
 * run N times each: a first sync at 10,000 items moved between 811 and 1,129 items/s from one
 * bench to the next.
 */
import type { Row } from './phases.js';

/**
 * The run with the median wall time (of an even number, the slower middle one), with every run's
 * wall time in order and the highest peak RSS of them all (a memory target holds for every run).
 */
export function medianRun(runs: readonly Row[]): Row {
  const sorted = [...runs].sort((a, b) => a.wallMs - b.wallMs);
  const median = sorted[Math.floor(sorted.length / 2)];
  if (median === undefined) throw new Error('medianRun: no runs');
  if (runs.length === 1) return median;
  return { ...median, peakRssMiB: Math.max(...runs.map((r) => r.peakRssMiB)), runsMs: runs.map((r) => r.wallMs) };
}
