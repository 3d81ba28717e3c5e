/**
 * Stage `unlock-key`: starts reading and unlocking the publisher's signing key (from the
 * environment, or the demo key) and returns at once. `open-state` opens the previous build's
 * state with it on another core while `load` runs; `check-key` awaits it, after `validate`, so a
 * build with both bad content and a bad key reports the content first, as it always did.
 */
import { isFeedError } from '../feed/errors.js';
import { readSecretKey, type SecretKey } from '../feed/openpgp.js';
import type { BuildContext } from './context.js';
import { buildError } from './errors.js';
import { resolveSigningKey, type SigningKeySource } from './signing-key-source.js';

/** The signing key, unlocked, and where it came from. */
export interface UnlockedKey {
  signer: SecretKey;
  source: SigningKeySource;
}

export function unlockKey(ctx: BuildContext): void {
  const unlocking = unlockSigningKey(ctx.options.env, ctx.options.cwd);
  // Awaited by check-key; if a stage before it fails, this failure is not news.
  unlocking.catch(() => undefined);
  ctx.signerUnlocking = unlocking;
}

async function unlockSigningKey(env: Record<string, string | undefined>, cwd: string): Promise<UnlockedKey> {
  const source = await resolveSigningKey(env, cwd);
  try {
    return { signer: await readSecretKey(source.armored, source.passphrase), source };
  } catch (cause) {
    if (!isFeedError(cause)) throw cause;
    throw buildError('BUILD_KEY_INVALID', `Expected an unlockable secret key in ${source.source}, got ${cause.code}`, {
      cause,
      hint: cause.hint ?? 'Check the key and its passphrase ($ADVISORY_FEED_PASSPHRASE or $ADVISORY_FEED_PASSPHRASE_FILE).',
    });
  }
}
