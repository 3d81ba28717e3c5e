/** What `advisory-feed build` ends with: a table per group and the public tier, or (--json) one object. */
import type { BuildContext, GroupReport, StageTiming } from '../../build/context.js';
import { emptyTally, type LoadTally } from '../../content/load-tally.js';
import type { SealingFigures } from '../../build/seal/seal-items.js';
import type { BuildWarning } from '../../build/warnings.js';

/** `build --json`: one line on stdout. File paths are relative to `out` (content-addressed items, public files). */
export interface BuildSummaryJson {
  event: 'build';
  out: string;
  groups: GroupReport[];
  /** Every file this build placed, in order: what a CDN needs purged or uploaded. */
  written: string[];
  /** Orphans removed after their grace period. */
  removed: string[];
  warnings: BuildWarning[];
  /** Wall time of each stage, milliseconds. */
  stages: StageTiming[];
  sealing: SealingFigures;
  /** How the load stage had the advisories: parsed, or from the advisory cache in --root. */
  loaded: LoadTally;
}

export function summaryJson(ctx: BuildContext, out: string): BuildSummaryJson {
  return {
    event: 'build',
    out,
    groups: ctx.report,
    written: ctx.written,
    removed: ctx.removed,
    warnings: ctx.warnings,
    stages: ctx.timings.map((t) => ({ stage: t.stage, ms: Math.round(t.ms) })),
    sealing: ctx.sealing === undefined ? { items: 0, views: 0, headers: 0, ms: 0 } : { ...ctx.sealing, ms: Math.round(ctx.sealing.ms) },
    loaded: ctx.loaded ?? emptyTally(),
  };
}

export function formatSummary(ctx: BuildContext, out: string): string {
  const header = ['group', 'recipients', 'advisories', 'written', 'reused'];
  const rows = ctx.report.map((r) => [r.public ? `${r.group} (public)` : r.group, r.public ? '-' : String(r.recipients), String(r.advisories), String(r.written), String(r.reused)]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  return [
    line(header),
    ...rows.map(line),
    '',
    `${ctx.written.length} file${ctx.written.length === 1 ? '' : 's'} written, ${ctx.removed.length} removed after the grace period, into ${out}`,
  ].join('\n');
}
