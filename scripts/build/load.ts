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

export async function load(ctx: BuildContext): Promise<void> {
  const { root, now } = ctx.options;
  const [names, known] = await Promise.all([listKeyFiles(root), openKeyCheckCache(root)]);
  const worker = ctx.options.keyringWorker ?? names.length >= KEYRING_WORKER_MIN_KEYS;
  // A worker starts with every key it will be asked about that the checks of earlier builds do
  // not answer (~15 us a file with the content's reader; loading reads each again as a partner
  // names it). Without one, nothing is read ahead.
  const keyring = createKeyring(worker ? { worker, known, ahead: { keys: await readKeyFiles(root, names), now } } : { known });
  ctx.keyring = keyring;
  const { content, problems, sourceKeys, tally } = await loadContent(root, { now, cache: true, inspectKey: (armored, at, file) => keyring.inspect(armored, at, file) });
  await known.save(); // every key named is inspected by now
  ctx.content = content;
  ctx.problems = problems;
  ctx.sourceKeys = sourceKeys;
  ctx.loaded = tally;
}
