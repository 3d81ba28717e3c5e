/** `advisory-feed new`: placeholder until its issue lands. */
import { EXIT, ROOT_OPTION, type Command } from '../command.js';

export const newAdvisory: Command = {
  name: 'new',
  summary: 'Not implemented yet',
  options: [ROOT_OPTION],
  examples: [],
  async run(_options, io) {
    io.stderr('advisory-feed new is not implemented yet.');
    return EXIT.failure;
  },
};
