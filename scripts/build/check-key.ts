/**
 * Stage `check-key`: the publisher's signing key as `unlock-key` unlocked it (or its failure,
 * reported now that the content is valid), plus the sealer for the build state (encrypted to the
 * publisher key itself, so it needs an encryption subkey). When program.yaml names the
 * publisher's public key, the signing key must be that key: partners pin it.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { isFeedError } from '../feed/errors.js';
import { createSealer, readCertificate } from '../feed/openpgp.js';
import { need, type BuildContext } from './context.js';
import { buildError } from './errors.js';

export async function checkKey(ctx: BuildContext): Promise<void> {
  const content = need(ctx, 'content');
  const { signer, source } = await need(ctx, 'signerUnlocking');
  if (source.demo) ctx.warnings.push({ code: 'DEMO_KEY', message: `No signing key configured: signing with the DEMO publisher key (${source.source})` });
  ctx.signerSource = source.source;
  ctx.signer = signer;
  const pinned = content.program.publisher.key;
  if (pinned !== undefined) {
    const certificate = await readCertificate(await readFile(path.join(content.root, pinned)), pinned);
    if (certificate.fingerprint !== signer.fingerprint) {
      throw buildError('BUILD_KEY_INVALID', `Expected the signing key to be the publisher key ${certificate.fingerprint} named in program.yaml, got ${signer.fingerprint}`, {
        path: content.program.source.path,
        hint: `Sign with the key partners pin (${pinned}), or publish the new public key there first.`,
      });
    }
  }
  try {
    ctx.stateSealer = await createSealer(signer, [signer.certificate]);
  } catch (cause) {
    if (!isFeedError(cause)) throw cause;
    throw buildError('BUILD_KEY_NO_ENCRYPTION', `Expected the signing key ${signer.fingerprint} to have an encryption subkey for the build state, got ${cause.code}`, {
      cause,
      hint: 'Add an encryption subkey to the publisher key (gpg --quick-add-key FPR cv25519 encr).',
    });
  }
}
