/** Stage `load`: the content model from --root, partner keys judged at --now (scripts/content). */
import { listKeyFiles, loadContent, readKeyFiles } from '../content/index.js';
import { createKeyring } from '../feed/openpgp.js';
import type { BuildContext } from './context.js';
import { openKeyCheckCache } from './key-check-cache.js';

/**
 * From this many partner key files on, a worker thread inspects them and later makes the groups'
 * recipient sets and headers (feed/openpgp/keyring.ts): it takes ~0.1 s of the other core to
 * start, and at 450 keys takes ~1 s of signature checks and key agreement off this thread.
 */
export const KEYRING_WORKER_MIN_KEYS = 100;

/**
 * Whether `loadContent` may read the advisory files ahead in a worker (undefined: it decides by
 * their number). Not while the previous state is opened on the other core (open-state.ts): the
 * two workers would share that core. Rebuilds at 10,000 advisories, alternating in process, took
 * as long reading in this thread (no-op 3.5-4.5 s against 3.7-4.6 s, edit 6.8-7.0 against
 * 6.8-6.9 s) with ~0.3-0.7 s less CPU; at 50,000, no difference over the noise.
 */
export function readAheadFor(ctx: Pick<BuildContext, 'stateAside'>): boolean | undefined {
  return ctx.stateAside === true ? false : undefined;
}

export async function load(ctx: BuildContext): Promise<void> {
  const { root, now } = ctx.options;
  const [names, known] = await Promise.all([listKeyFiles(root), openKeyCheckCache(root)]);
  const worker = ctx.options.keyringWorker ?? names.length >= KEYRING_WORKER_MIN_KEYS;
  // A worker starts with every key file, read ahead, and loading takes each key from what was
  // read then (~15 us a file with the content's reader). Without one, nothing is read ahead.
  const ahead = worker ? await readKeyFiles(root, names) : undefined;
  const keyring = createKeyring(ahead === undefined ? { known } : { worker, known, ahead: { keys: ahead, now } });
  ctx.keyring = keyring;
  const { content, problems, sourceKeys, tally } = await loadContent(root, {
    now, cache: true, readAhead: readAheadFor(ctx), inspectKey: (armored, at, file) => keyring.inspect(armored, at, file),
    ...(ahead === undefined ? {} : { keyTexts: new Map(ahead.map((key) => [key.path, key.armored])) }),
  });
  await known.save(); // every key named is inspected by now
  ctx.content = content;
  ctx.problems = problems;
  ctx.sourceKeys = sourceKeys;
  ctx.loaded = tally;
}
