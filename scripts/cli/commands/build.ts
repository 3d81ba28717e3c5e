/** `advisory-feed build`: placeholder until its issue lands. */
import { EXIT, ROOT_OPTION, type Command } from '../command.js';

export const build: Command = {
  name: 'build',
  summary: 'Not implemented yet',
  options: [ROOT_OPTION],
  examples: [],
  async run(_options, io) {
    io.stderr('advisory-feed build is not implemented yet.');
    return EXIT.failure;
  },
};
