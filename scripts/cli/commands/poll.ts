/**
 * `advisory-feed poll`: reads the keys, resolves the feed location, runs the checklist
 * (scripts/poll/pipeline.ts) and prints a summary or JSON lines. Exit codes (docs/poll.md):
 * 0 ok, 1 verification or local failure, 2 usage, 3 network or server failure after retries.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { FeedError } from '../../feed/errors.js';
import { NETWORK_CODES, type PollCode } from '../../poll/errors.js';
import type { PollEvent } from '../../poll/events.js';
import { DEFAULT_FETCH_LIMITS, DEFAULT_MAX_INDEX_BYTES, DEFAULT_MAX_ITEM_BYTES } from '../../poll/fetcher.js';
import { EXIT, UsageError, type Command, type Io } from '../command.js';

export const poll: Command = {
  name: 'poll',
  summary: 'Fetch, verify, decrypt and mirror a group feed (for partners, from cron)',
  options: [
    { name: 'feed', type: 'string', value: 'URL', description: 'The group folder or its index.pgp: http(s) URL, file: URL or path' },
    { name: 'group', type: 'string', value: 'ID', description: 'Group id the index must name', default: 'the last folder of --feed' },
    { name: 'key', type: 'string', value: 'FILE', description: 'Your secret key (armoured), the one the group is encrypted to' },
    { name: 'passphrase-file', type: 'string', value: 'FILE', description: 'File whose first line unlocks --key' },
    { name: 'publisher-key', type: 'string', value: 'FILE', description: 'The publisher\'s public key, pinned: nothing else is trusted' },
    { name: 'state', type: 'string', value: 'DIR', description: 'Poll state (last accepted index); keep it, back it up' },
    { name: 'out', type: 'string', value: 'DIR', description: 'The mirror: advisories as Markdown and JSON' },
    { name: 'json', type: 'boolean', description: 'Print one JSON object per line instead of a summary' },
    { name: 'timeout', type: 'string', value: 'SECONDS', description: 'Per request', default: String(DEFAULT_FETCH_LIMITS.timeoutMs / 1000) },
    { name: 'retries', type: 'string', value: 'N', description: 'Retries on network errors and 5xx', default: String(DEFAULT_FETCH_LIMITS.retries) },
    { name: 'max-index-bytes', type: 'string', value: 'N', description: 'Largest index accepted', default: String(DEFAULT_MAX_INDEX_BYTES) },
    { name: 'max-item-bytes', type: 'string', value: 'N', description: 'Largest item accepted', default: String(DEFAULT_MAX_ITEM_BYTES) },
  ],
  examples: [
    'advisory-feed poll --feed https://feeds.example.com/groups/acme/ --key acme.sec.asc --passphrase-file ~/.acme-pass --publisher-key publisher.asc --state ~/.local/state/advisory-feed --out ~/advisories',
    'advisory-feed poll --feed /media/usb/groups/acme/index.pgp --key acme.sec.asc --publisher-key publisher.asc --state state --out mirror --json',
  ],
  async run(options, io) {
    const json = options.json === true;
    try {
      // Loaded here, not with the command table: other commands need not load OpenPGP and the client.
      const [{ createFetcher, locateFeed, runPoll }, { readCertificate, readSecretKey }] = await Promise.all([
        import('../../poll/index.js'), import('../../feed/openpgp.js'),
      ]);
      const feed = required(options, 'feed');
      const cwd = io.cwd;
      let location;
      try {
        location = locateFeed(feed, optional(options, 'group'), cwd);
      } catch (error) {
        throw new UsageError((error as Error).message);
      }
      const passphraseFile = optional(options, 'passphrase-file');
      const passphrase = passphraseFile === undefined ? undefined : (await readText(cwd, passphraseFile, '--passphrase-file')).split(/\r?\n/)[0];
      const keyPath = required(options, 'key');
      const publisherPath = required(options, 'publisher-key');
      const keys = {
        decryptionKey: await readSecretKey(await readText(cwd, keyPath, '--key'), passphrase, keyPath),
        publisher: await readCertificate(await readText(cwd, publisherPath, '--publisher-key'), publisherPath),
      };
      const fetcher = createFetcher(location.index, {
        timeoutMs: count(options, 'timeout', DEFAULT_FETCH_LIMITS.timeoutMs / 1000, 1) * 1000,
        retries: count(options, 'retries', DEFAULT_FETCH_LIMITS.retries),
      });
      const result = await runPoll({
        location, keys, fetcher,
        stateDir: resolve(cwd, required(options, 'state')),
        outDir: resolve(cwd, required(options, 'out')),
        maxIndexBytes: count(options, 'max-index-bytes', DEFAULT_MAX_INDEX_BYTES, 1),
        maxItemBytes: count(options, 'max-item-bytes', DEFAULT_MAX_ITEM_BYTES, 1),
      });
      if (json) io.stdout(result.events.map((event) => JSON.stringify(event)).join('\n')); // one write: a sync lists every advisory
      else printSummary(result.events, io);
      return EXIT.ok;
    } catch (error) {
      if (!(error instanceof FeedError)) throw error; // usage errors and bugs: main reports them
      const network = NETWORK_CODES.has(error.code as PollCode);
      const cause = error.cause instanceof FeedError ? error.cause.code : undefined;
      if (json) io.stdout(JSON.stringify({ event: 'error', code: error.code, cause, message: error.message, hint: error.hint, path: error.path }));
      io.stderr(`error: ${error.format()}`);
      return network ? EXIT.network : EXIT.failure;
    }
  },
};

function printSummary(events: PollEvent[], io: Io): void {
  for (const event of events) {
    if (event.event === 'advisory' && event.change !== 'unchanged') {
      io.stdout(`  ${event.change.padEnd(9)}  ${event.id} (revision ${event.revision})`);
    }
    if (event.event === 'summary') {
      const head = event.notModified ? 'not modified' : `sequence ${event.sequence}`;
      io.stdout(`${event.group}: ${head}, ${event.new} new, ${event.updated} updated, ${event.withdrawn} withdrawn, `
        + `${event.removed} removed, ${event.unchanged} unchanged (${event.fetched} items fetched; index expires ${event.expires})`);
    }
  }
}

function required(options: Record<string, string | boolean | undefined>, name: string): string {
  const value = options[name];
  if (typeof value !== 'string') throw new UsageError(`--${name} is required. Run \`advisory-feed poll --help\`.`);
  return value;
}

function optional(options: Record<string, string | boolean | undefined>, name: string): string | undefined {
  const value = options[name];
  return typeof value === 'string' ? value : undefined;
}

function count(options: Record<string, string | boolean | undefined>, name: string, fallback: number, min = 0): number {
  const value = optional(options, name);
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < min) throw new UsageError(`--${name} must be a whole number of at least ${min}, got "${value}".`);
  return Number(value);
}

async function readText(cwd: string, path: string, flag: string): Promise<string> {
  try {
    return await readFile(resolve(cwd, path), 'utf8');
  } catch (error) {
    throw new UsageError(`${flag} ${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}).`);
  }
}
