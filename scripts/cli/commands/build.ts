/**
 * `advisory-feed build`: thin entry point for scripts/build/pipeline.ts. Parses options, shows
 * progress on a TTY, prints warnings and the summary table. Only this file prints.
 */
import path from 'node:path';
import { isFeedError } from '../../feed/errors.js';
import { EXIT, ROOT_OPTION, UsageError, type Command, type Io } from '../command.js';
import { formatSummary, summaryJson } from './build-summary.js';

export const build: Command = {
  name: 'build',
  summary: 'Build the signed, encrypted group feeds and the public tier into --out',
  options: [
    ROOT_OPTION,
    { name: 'out', type: 'string', value: 'DIR', description: 'Output folder (relative to the current directory)', default: '_site under --root' },
    { name: 'now', type: 'string', value: 'ISO', description: 'Build as of this date-time (embargoes, expiry, grace)', default: 'the current time' },
    { name: 'json', type: 'boolean', description: 'Print one JSON object (groups, files written and removed, warnings, stage times) instead of the table', default: false },
  ],
  examples: [
    'advisory-feed build',
    'advisory-feed build --root ../advisories --out /srv/feed',
    'ADVISORY_FEED_SIGNING_KEY_FILE=publisher.sec.asc advisory-feed build --now 2025-07-08T17:00:00Z',
    'advisory-feed build --out /srv/feed --json > build.json   # e.g. purge the `written` paths from a CDN',
  ],
  async run(options, io) {
    const root = path.resolve(io.cwd, typeof options.root === 'string' ? options.root : '.');
    const out = typeof options.out === 'string' ? path.resolve(io.cwd, options.out) : path.join(root, '_site');
    const now = parseNow(options.now);
    const json = options.json === true;
    const bar = await progressBar(io);
    try {
      // Imported here, not at the top: the command table loads every command for every run.
      const { runBuild } = await import('../../build/pipeline.js');
      const ctx = await runBuild({ root, out, now, env: io.env, cwd: io.cwd, onProgress: bar?.update });
      bar?.stop();
      for (const w of ctx.warnings) io.stderr(`warning: ${w.path === undefined ? '' : `${w.path}: `}${w.code} ${w.message}`);
      io.stdout(json ? JSON.stringify(summaryJson(ctx, out)) : formatSummary(ctx, out));
      return EXIT.ok;
    } catch (error) {
      bar?.stop();
      listContentProblems(error, io);
      if (json && isFeedError(error)) io.stdout(JSON.stringify({ event: 'error', code: error.code, message: error.message, hint: error.hint, path: error.path }));
      throw error;
    }
  },
};

function parseNow(value: string | boolean | undefined): Date {
  if (value === undefined) return new Date();
  const at = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(at)) throw new UsageError(`--now expects an ISO-8601 date-time such as 2025-07-08T17:00:00Z, got ${String(value)}.`);
  return new Date(at);
}

/** The problems behind BUILD_CONTENT_INVALID, as `check` prints them. */
function listContentProblems(error: unknown, io: Io): void {
  if (!isFeedError(error, 'BUILD_CONTENT_INVALID')) return;
  const problems = (error.cause as { problems?: { format(): string }[] } | undefined)?.problems ?? [];
  for (const problem of problems) io.stderr(problem.format());
}

/** A progress bar on stderr, only on a TTY (CI logs stay clean; cli-progress is then not loaded). */
async function progressBar(io: Io): Promise<{ update: (stage: string, done: number, total: number) => void; stop: () => void } | undefined> {
  if (io.env.CI !== undefined || process.stderr.isTTY !== true) return undefined;
  const { SingleBar } = await import('cli-progress');
  const bar = new SingleBar({ format: '{stage} [{bar}] {value}/{total}', stream: process.stderr, clearOnComplete: true, hideCursor: true });
  let started = false;
  return {
    update(stage, done, total) {
      if (total === 0) return;
      if (!started) bar.start(total, done, { stage });
      started = true;
      bar.setTotal(total);
      bar.update(done, { stage });
    },
    stop: () => (started ? bar.stop() : undefined),
  };
}

