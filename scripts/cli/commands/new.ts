/** `advisory-feed new`: scaffolds advisories/ADV-YYYY-NNNN.md with the next free id and today's date. */
import path from 'node:path';
import { EXIT, ROOT_OPTION, UsageError, type Command } from '../command.js';

export const newAdvisory: Command = {
  name: 'new',
  summary: 'Create a draft advisory with the next free id',
  options: [
    ROOT_OPTION,
    { name: 'title', type: 'string', value: 'TEXT', description: 'Title of the advisory', default: 'a placeholder' },
    { name: 'now', type: 'string', value: 'ISO', description: 'Date to use for the id year and the dates', default: 'today' },
  ],
  examples: ['advisory-feed new --title "Harbor Gateway: SSRF in webhook test"'],
  async run(options, io) {
    // Imported here: the command table loads every command for every run, and `poll` needs none
    // of the content model (ajv, YAML, markdown-it: ~0.4 s of start-up).
    const { scaffoldAdvisory } = await import('../../content/index.js');
    const root = path.resolve(io.cwd, typeof options.root === 'string' ? options.root : '.');
    let now = new Date();
    if (typeof options.now === 'string') {
      now = new Date(options.now);
      if (!/^\d{4}-\d{2}-\d{2}/.test(options.now) || Number.isNaN(now.getTime())) throw new UsageError(`--now needs an ISO date, got ${JSON.stringify(options.now)}.`);
    }
    const rel = await scaffoldAdvisory(root, { ...(typeof options.title === 'string' ? { title: options.title } : {}), now });
    io.stdout(`Created ${rel} (status: draft). Edit it, then run \`advisory-feed check\`.`);
    return EXIT.ok;
  },
};
