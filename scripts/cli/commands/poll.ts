/** `advisory-feed poll`: placeholder until its issue lands. */
import { EXIT, ROOT_OPTION, type Command } from '../command.js';

export const poll: Command = {
  name: 'poll',
  summary: 'Not implemented yet',
  options: [ROOT_OPTION],
  examples: [],
  async run(_options, io) {
    io.stderr('advisory-feed poll is not implemented yet.');
    return EXIT.failure;
  },
};
