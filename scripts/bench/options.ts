/**
 * `npm run bench` options: parsed and checked before anything is written, so that a typo
 * (`--advisory 500`) or a corpus the bench cannot run on (a partner group left with nobody once
 * the bench suspends a partner) is a usage error (exit 2) instead of a ten-minute run at the
 * defaults or a failed build minutes in.
 */
import { formatHelp, parseOptions, UsageError, type CommandSpec } from '../cli/command.js';
import type { CorpusOptions } from './corpus.js';
import type { ServerKind } from './serve.js';

export interface BenchOptions {
  corpus: CorpusOptions;
  /** Runs of the baseline and the cold build (alternating), the no-op, the edit and the first sync (repeat.ts). */
  repeat: number;
  /** Undefined: nginx when it is installed, else node (serve.ts). */
  server: ServerKind | undefined;
  /** Where the JSON goes (default bench-results/bench-<advisories>.json). */
  json: string | undefined;
  /** Keep the temporary folder. */
  keep: boolean;
  help: boolean;
}

export const BENCH_COMMAND: CommandSpec = {
  name: 'bench',
  invocation: 'npm run bench --',
  summary: 'Measures build and poll on a synthetic corpus against plain Eleventy (docs/build.md, Performance).',
  options: [
    { name: 'advisories', type: 'string', value: 'N', description: 'Advisories of ~4 KB', default: '10000' },
    { name: 'groups', type: 'string', value: 'N', description: 'Groups: the public one and N-1 partner groups', default: '10' },
    { name: 'partners', type: 'string', value: 'N', description: 'Partners, spread over the partner groups (at least --groups)', default: '300' },
    { name: 'keys-per-partner', type: 'string', value: 'N', description: 'Partners have 1 to N keys', default: '2' },
    { name: 'restricted-share', type: 'string', value: 'F', description: 'Share (0 to 1) of advisories with a PoC section', default: '0.2' },
    { name: 'repeat', type: 'string', value: 'N', description: 'Runs of the baseline, cold build, no-op, edit and first sync; medians reported', default: '1' },
    { name: 'server', type: 'string', value: 'nginx|node', description: 'What serves the feed to the polling partner', default: 'nginx when installed' },
    { name: 'json', type: 'string', value: 'FILE', description: 'Where to write the JSON report', default: 'bench-results/bench-<advisories>.json' },
    { name: 'keep', type: 'boolean', description: 'Keep the temporary folder (corpus, output, mirror)' },
  ],
  examples: ['npm run bench', 'npm run bench -- --advisories 50000', 'npm run bench -- --repeat 3'],
};

/** Throws UsageError naming the first option that is wrong and what it must be. */
export function parseBenchOptions(argv: string[]): BenchOptions {
  const given = parseOptions(BENCH_COMMAND, argv);
  const count = (name: string, fallback: number, least: number, what: string): number => {
    const text = given[name];
    const value = typeof text === 'string' ? Number(text) : fallback;
    if (!Number.isSafeInteger(value) || value < least) {
      throw usage(`--${name} must be a whole number, ${least} or more (${what}), got ${String(text)}.`);
    }
    return value;
  };
  const groups = count('groups', 10, 2, 'the public group and at least one partner group');
  const corpus: CorpusOptions = {
    advisories: count('advisories', 10_000, 1, 'the bench edits one'),
    groups,
    // The bench suspends the last partner: its group must keep another member.
    partners: count('partners', 300, groups, 'every partner group keeps a member when the bench suspends one partner'),
    maxKeysPerPartner: count('keys-per-partner', 2, 1, 'every partner has a key'),
    restrictedShare: share(given['restricted-share']),
  };
  const server = given.server;
  if (server !== undefined && server !== 'nginx' && server !== 'node') {
    throw usage(`--server must be nginx or node, got ${String(server)}.`);
  }
  return {
    corpus,
    repeat: count('repeat', 1, 1, 'runs of each repeated phase'),
    server,
    json: typeof given.json === 'string' ? given.json : undefined,
    keep: given.keep === true,
    help: given.help === true,
  };
}

export function benchHelp(): string {
  return formatHelp(BENCH_COMMAND);
}

function usage(message: string): UsageError {
  return new UsageError(`${message} Run \`${BENCH_COMMAND.invocation} --help\`.`);
}

function share(text: string | boolean | undefined): number {
  const value = typeof text === 'string' ? Number(text) : 0.2;
  if (!Number.isFinite(value) || value < 0 || value > 1) {
    throw usage(`--restricted-share must be a number from 0 to 1, got ${String(text)}.`);
  }
  return value;
}
