/**
 * `advisory-feed <command>`: finds the command, parses its options and maps failures to exit
 * codes (0 ok, 1 failure, 2 usage, 3 network). The only place that prints errors.
 */
import { FeedError } from '../feed/errors.js';
import { EXIT, UsageError, formatHelp, parseOptions, type Command, type Io } from './command.js';
import { commands } from './commands/index.js';

const PROGRAM_HELP = () =>
  [
    'Signed, encrypted, tiered security-advisory feeds from a git repository.',
    '',
    'Usage',
    '  $ advisory-feed <command> [options]',
    '',
    'Commands',
    ...commands.map((c) => `  ${c.name.padEnd(8)}  ${c.summary}`),
    '',
    'Run `advisory-feed <command> --help` for the options of one command.',
  ].join('\n');

export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(PROGRAM_HELP());
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (name === '--version') {
    io.stdout('advisory-feed 0.1.0');
    return EXIT.ok;
  }
  const command: Command | undefined = commands.find((c) => c.name === name);
  if (command === undefined) {
    io.stderr(`Unknown command "${name}". Run \`advisory-feed --help\` for the list.`);
    return EXIT.usage;
  }
  try {
    const options = parseOptions(command, rest);
    if (options.help === true) {
      io.stdout(formatHelp(command));
      return EXIT.ok;
    }
    return await command.run(options, io);
  } catch (error) {
    return report(error, io);
  }
}

function report(error: unknown, io: Io): number {
  if (error instanceof UsageError) {
    io.stderr(`Usage error: ${error.message}`);
    return EXIT.usage;
  }
  if (error instanceof FeedError) {
    io.stderr(`error: ${error.format()}`);
    return EXIT.failure;
  }
  io.stderr(`Unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return EXIT.failure;
}

function processIo(): Io {
  // A reader that stops reading (`advisory-feed poll --json | head`) closes the pipe: the rest of
  // the output is dropped and the command still finishes its work and sets its exit code, instead
  // of dying of an unhandled EPIPE half way through.
  let readerGone = false;
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    readerGone = true;
  });
  return {
    stdout: (text) => {
      if (!readerGone) process.stdout.write(`${text}\n`);
    },
    stderr: (text) => process.stderr.write(`${text}\n`),
    env: process.env,
    cwd: process.cwd(),
  };
}
