/** The summary table `advisory-feed build` ends with: per group, and the public tier. */
import type { BuildContext } from '../../build/context.js';

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
