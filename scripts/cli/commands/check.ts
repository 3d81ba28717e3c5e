/** `advisory-feed check`: validates all content and keys, prints every problem, exits 1 if any. */
import path from 'node:path';
import { EXIT, ROOT_OPTION, UsageError, type Command } from '../command.js';

export const check: Command = {
  name: 'check',
  summary: 'Validate advisories, partners, groups and keys; report every problem',
  options: [
    ROOT_OPTION,
    { name: 'now', type: 'string', value: 'ISO', description: 'Time to check key expiry against', default: 'the current time' },
    { name: 'json', type: 'boolean', description: 'Print problems as JSON lines ({code, path, line, message, hint})', default: false },
  ],
  examples: ['advisory-feed check', 'advisory-feed check --root ../advisories-repo', 'advisory-feed check --now 2027-01-01T00:00:00Z'],
  async run(options, io) {
    // Imported here: the command table loads every command for every run, and `poll` needs none
    // of the content model (ajv, YAML, markdown-it: ~0.4 s of start-up).
    const { loadContent, summarizeContent } = await import('../../content/index.js');
    const root = path.resolve(io.cwd, typeof options.root === 'string' ? options.root : '.');
    const now = parseNow(options.now);
    const { content, problems } = await loadContent(root, { now });
    for (const problem of problems) {
      if (options.json === true) {
        io.stdout(JSON.stringify({ code: problem.code, path: problem.path, line: problem.line, message: problem.message, hint: problem.hint }));
      } else {
        io.stdout(problem.format());
      }
    }
    if (problems.length > 0) {
      io.stderr(`${problems.length} problem${problems.length === 1 ? '' : 's'} found.`);
      return EXIT.failure;
    }
    if (options.json !== true) io.stdout(`ok: ${summarizeContent(content)}`);
    return EXIT.ok;
  },
};

function parseNow(value: string | boolean | undefined): Date {
  if (typeof value !== 'string') return new Date();
  const date = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(date.getTime())) throw new UsageError(`--now needs an ISO date, got ${JSON.stringify(value)}.`);
  return date;
}
