/**
 * Stage `seal`: everything the write stage will put on disk, decided and encrypted in memory.
 * Per group: reuse or seal items, then the index (seal/seal-group.ts). The public tier: render and
 * sign (seal/seal-public.ts). Then the new build state and the orphans past their grace period.
 */
import { readCertificate, type Certificate, type SignedPayload } from '../feed/openpgp.js';
import { need, type BuildContext } from './context.js';
import { canonicalJson } from '../feed/canonical-json.js';
import { sha256Hex } from '../feed/hash.js';
import { sealGroup, type SealedGroup } from './seal/seal-group.js';
import { sealPublic, type SealedPublic } from './seal/seal-public.js';
import { planOrphans } from './seal/orphans.js';
import type { AdvisoryView } from './view.js';
import { STATE_FILE, STATE_FORMAT, type BuildState } from './state/build-state.js';

export interface SealedOutput {
  groups: SealedGroup[];
  public: SealedPublic;
  /** The sealed new state, or undefined when it equals the previous one. */
  state: Uint8Array | undefined;
  /** Orphans past their grace period, removed after everything else is in place. */
  remove: string[];
}

export async function seal(ctx: BuildContext): Promise<void> {
  const { program } = need(ctx, 'content');
  const signer = need(ctx, 'signer');
  const previous = need(ctx, 'previous');
  const { now, out } = ctx.options;
  const certificates = new Map<string, Promise<Certificate>>();
  const payloads = new Map<string, Promise<SignedPayload>>();
  const groups: SealedGroup[] = [];
  const publicViews: AdvisoryView[] = [];
  const rendered = need(ctx, 'rendered');
  for (const groupPlan of need(ctx, 'plan').groups) {
    if (groupPlan.group.public) {
      publicViews.push(...groupPlan.views);
      continue;
    }
    const certs = await Promise.all(groupPlan.recipients.map(({ key }) => {
      let cert = certificates.get(key.fingerprint);
      if (cert === undefined) certificates.set(key.fingerprint, (cert = readCertificate(key.armored, key.path)));
      return cert;
    }));
    const sealed = await sealGroup({
      plan: groupPlan, certificates: certs, previous: previous.state?.groups[groupPlan.group.id], rendered,
      sameRenderer: previous.state?.renderer === rendered.renderer,
      payloads, signer, out, files: previous.files, now, expiresAfter: program.feed.expiresAfter,
    });
    groups.push(sealed);
    ctx.options.onProgress?.('seal', groups.length, need(ctx, 'plan').groups.length);
    ctx.report.push({
      group: groupPlan.group.id, public: false, recipients: groupPlan.recipients.length, advisories: groupPlan.views.length,
      written: sealed.items.size + (sealed.index === undefined ? 0 : 1), reused: sealed.reused,
    });
  }
  const pub = await sealPublic({ views: publicViews, program, signer, previous: previous.state, files: previous.files });
  const publicGroup = program.groups.find((g) => g.public);
  ctx.report.push({ group: publicGroup?.id ?? 'public', public: true, recipients: 0, advisories: publicViews.length, written: pub.written, reused: pub.reused });

  const live = new Set<string>([STATE_FILE, ...pub.live]);
  for (const g of groups) {
    live.add(`groups/${g.group}/index.pgp`);
    for (const item of Object.values(g.state.items)) live.add(`groups/${g.group}/${item.path}`);
  }
  const orphans = planOrphans({ previous: previous.state, live, files: previous.files, now, graceAfter: program.feed.graceAfter });
  const state: BuildState = {
    format: STATE_FORMAT,
    publisher: signer.fingerprint,
    renderer: rendered.renderer,
    groups: Object.fromEntries(groups.map((g) => [g.group, g.state])),
    public: pub.hashes,
    publicInput: pub.inputHash,
    publicLive: pub.live,
    orphans: orphans.keep,
  };
  const plaintext = new TextEncoder().encode(canonicalJson(state));
  const unchanged = sha256Hex(plaintext) === previous.stateHash && previous.files.has(STATE_FILE);
  ctx.sealed = {
    groups,
    public: pub,
    state: unchanged ? undefined : await need(ctx, 'stateSealer').seal(plaintext),
    remove: orphans.remove,
  };
}
