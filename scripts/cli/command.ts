/**
 * What every subcommand declares, so that parsing, --help and usage errors work the same way
 * everywhere. A command returns its exit code; it never calls process.exit itself.
 */
import mri from 'mri';

export interface OptionSpec {
  name: string;
  /** `string` takes a value, `boolean` is a flag. */
  type: 'string' | 'boolean';
  description: string;
  /** Shown in help in parentheses. */
  default?: string | boolean;
  /** Value placeholder in help, e.g. `DIR`. */
  value?: string;
}

export interface Io {
  /** Prints text of one or more lines, then a newline. */
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Process environment (injected so tests can control it). */
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** What parseOptions and formatHelp read of a command. */
export interface CommandSpec {
  name: string;
  summary: string;
  options: OptionSpec[];
  examples: string[];
  /** How it is run, for help and usage errors (default `advisory-feed <name>`). */
  invocation?: string;
}

export interface Command extends CommandSpec {
  run(options: Record<string, string | boolean | undefined>, io: Io): Promise<number>;
}

export const EXIT = { ok: 0, failure: 1, usage: 2, network: 3 } as const;

export class UsageError extends Error {}

export const ROOT_OPTION: OptionSpec = {
  name: 'root',
  type: 'string',
  value: 'DIR',
  description: 'Content repository holding advisories/ and partners/',
  default: 'current directory',
};

/** Parses argv against the command's options; unknown flags and stray arguments are usage errors. */
export function parseOptions(command: CommandSpec, argv: string[]): Record<string, string | boolean | undefined> {
  const strings = command.options.filter((o) => o.type === 'string').map((o) => o.name);
  const booleans = command.options.filter((o) => o.type === 'boolean').map((o) => o.name);
  const unknown: string[] = [];
  const parsed = mri(argv, {
    string: strings,
    boolean: [...booleans, 'help'],
    // mri's strict mode (`unknown`) only knows names listed in `alias`: list every option there.
    alias: { h: 'help', ...Object.fromEntries(command.options.map((o) => [o.name, [] as string[]])) },
    unknown: (flag) => {
      unknown.push(flag);
    },
  });
  if (unknown.length > 0) throw new UsageError(`Unknown option ${unknown[0]}. Run \`${invocationOf(command)} --help\`.`);
  if (parsed._.length > 0) throw new UsageError(`Unexpected argument ${String(parsed._[0])}.`);
  const result: Record<string, string | boolean | undefined> = {};
  for (const option of command.options) {
    const value = parsed[option.name] as unknown;
    if (Array.isArray(value)) throw new UsageError(`--${option.name} was given more than once.`);
    if (option.type === 'string' && value === '') throw new UsageError(`--${option.name} needs a value.`);
    result[option.name] = value as string | boolean | undefined;
  }
  result.help = parsed.help === true;
  return result;
}

export function formatHelp(command: CommandSpec): string {
  const width = Math.max(...command.options.map((o) => optionLabel(o).length), 10);
  const lines = [
    command.summary,
    '',
    'Usage',
    `  $ ${invocationOf(command)}${command.options.length > 0 ? ' [options]' : ''}`,
    '',
    'Options',
    ...command.options.map((o) => {
      const fallback = o.default === undefined ? '' : ` (default: ${String(o.default)})`;
      return `  ${optionLabel(o).padEnd(width)}  ${o.description}${fallback}`;
    }),
    `  ${'-h, --help'.padEnd(width)}  Show this help`,
  ];
  if (command.examples.length > 0) lines.push('', 'Examples', ...command.examples.map((e) => `  $ ${e}`));
  return lines.join('\n');
}

function invocationOf(command: CommandSpec): string {
  return command.invocation ?? `advisory-feed ${command.name}`;
}

function optionLabel(option: OptionSpec): string {
  return `--${option.name}${option.type === 'string' ? ` ${option.value ?? 'VALUE'}` : ''}`;
}
