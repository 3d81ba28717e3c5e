/**
 * Stage `load-key`: the publisher's signing key, unlocked, plus the sealer for the build state
 * (encrypted to the publisher key itself, so it needs an encryption subkey). When program.yaml
 * names the publisher's public key, the signing key must be that key: partners pin it.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { isFeedError } from '../feed/errors.js';
import { createSealer, readCertificate, readSecretKey } from '../feed/openpgp.js';
import { need, type BuildContext } from './context.js';
import { buildError } from './errors.js';
import { resolveSigningKey } from './signing-key-source.js';

export async function loadKey(ctx: BuildContext): Promise<void> {
  const content = need(ctx, 'content');
  const source = await resolveSigningKey(ctx.options.env, ctx.options.cwd);
  if (source.demo) ctx.warnings.push({ code: 'DEMO_KEY', message: `No signing key configured: signing with the DEMO publisher key (${source.source})` });
  ctx.signerSource = source.source;
  try {
    ctx.signer = await readSecretKey(source.armored, source.passphrase);
  } catch (cause) {
    if (!isFeedError(cause)) throw cause;
    throw buildError('BUILD_KEY_INVALID', `Expected an unlockable secret key in ${source.source}, got ${cause.code}`, {
      cause,
      hint: cause.hint ?? 'Check the key and its passphrase ($ADVISORY_FEED_PASSPHRASE or $ADVISORY_FEED_PASSPHRASE_FILE).',
    });
  }
  const pinned = content.program.publisher.key;
  if (pinned !== undefined) {
    const certificate = await readCertificate(await readFile(path.join(content.root, pinned)), pinned);
    if (certificate.fingerprint !== ctx.signer.fingerprint) {
      throw buildError('BUILD_KEY_INVALID', `Expected the signing key to be the publisher key ${certificate.fingerprint} named in program.yaml, got ${ctx.signer.fingerprint}`, {
        path: content.program.source.path,
        hint: `Sign with the key partners pin (${pinned}), or publish the new public key there first.`,
      });
    }
  }
  try {
    ctx.stateSealer = await createSealer(ctx.signer, [ctx.signer.certificate]);
  } catch (cause) {
    if (!isFeedError(cause)) throw cause;
    throw buildError('BUILD_KEY_NO_ENCRYPTION', `Expected the signing key ${ctx.signer.fingerprint} to have an encryption subkey for the build state, got ${cause.code}`, {
      cause,
      hint: 'Add an encryption subkey to the publisher key (gpg --quick-add-key FPR cv25519 encr).',
    });
  }
}
