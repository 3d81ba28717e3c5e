/** `advisory-feed check`: placeholder until its issue lands. */
import { EXIT, ROOT_OPTION, type Command } from '../command.js';

export const check: Command = {
  name: 'check',
  summary: 'Not implemented yet',
  options: [ROOT_OPTION],
  examples: [],
  async run(_options, io) {
    io.stderr('advisory-feed check is not implemented yet.');
    return EXIT.failure;
  },
};
