/** The command table, in the order `--help` lists them. */
import type { Command } from '../command.js';
import { check } from './check.js';
import { newAdvisory } from './new.js';
import { build } from './build.js';
import { poll } from './poll.js';

export const commands: Command[] = [check, newAdvisory, build, poll];
