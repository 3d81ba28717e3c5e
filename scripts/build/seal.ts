/**
 * Stage `seal`: per group, reuse unchanged items (seal/seal-group.ts); then seal every new item of
 * every group together, each distinct view signed once, across CPU cores (seal/seal-items.ts),
 * writing each new item as it is sealed; then each group's index. The public tier: render and
 * sign (seal/seal-public.ts). Then the new build state (state/seal-state.ts) and the orphans past
 * their grace period.
 *
 * New items are the only files written before the `write` stage: content-addressed files no
 * index names yet, through the journal `write` commits or rolls back, so a failure anywhere
 * removes them again and the previous output stays as it was.
 */
import { availableParallelism } from 'node:os';
import { createSealPool, type SealPool } from '../feed/openpgp.js';
import { need, type BuildContext } from './context.js';
import { reuseItems, sealIndex, type GroupWork, type SealedGroup } from './seal/seal-group.js';
import { sealItems } from './seal/seal-items.js';
import { writePublicInWorkers, type PublicTarget } from './seal/public-in-workers.js';
import { pagesToRender, planPublic, sealPublic, type PublicPlan, type SealedPublic } from './seal/seal-public.js';
import { createSiteRenderer, type RenderSite } from './public/site-renderer.js';
import { liveOutput, planOrphans } from './seal/orphans.js';
import type { AdvisoryView } from './view.js';
import { STATE_FORMAT, type BuildState } from './state/build-state.js';
import { sealState, type SealedState } from './state/seal-state.js';
import { Journal } from './write/journal.js';
import { nodeFs } from './write/write-fs.js';
import { rollbackIncomplete, undoAfter, writeFailed, WriteStepError } from './write/write-failed.js';
import { openTouchedLog } from './write/touched-log.js';

export interface SealedOutput {
  groups: SealedGroup[];
  public: SealedPublic;
  /** The sealed new state or its changes, or undefined when the previous ones say it already. */
  state: SealedState | undefined;
  /** Orphans past their grace period (and an obsolete changes file), removed after everything else is in place. */
  remove: string[];
}

/** Below this many new items, starting worker threads (~0.3-1 s) costs more than it saves. */
const POOL_MIN_ITEMS = 1000;
/** From this many public advisories on, a few changed pages are rendered by a worker thread... */
export const SITE_WORKER_MIN_VIEWS = 1000;
/** ...when there are fewer than this many (one render batch, seal-public.ts). */
export const SITE_WORKER_MAX_PAGES = 1000;

export async function seal(ctx: BuildContext): Promise<void> {
  const touched = openTouchedLog(ctx.options.out);
  const journal = new Journal(ctx.options.fs ?? nodeFs, ctx.options.out, touched, ctx.stateGuard);
  ctx.journal = journal;
  ctx.touched = touched;
  try {
    await sealAll(ctx, journal);
  } catch (cause) {
    const failed = await undoAfter(cause, journal, ctx);
    if (cause instanceof WriteStepError) throw writeFailed(cause.cause, failed, ctx.options.out);
    if (failed.length > 0) throw rollbackIncomplete(cause, failed, ctx.options.out);
    throw cause;
  }
}

async function sealAll(ctx: BuildContext, journal: Journal): Promise<void> {
  const previous = need(ctx, 'previous');
  const { program } = need(ctx, 'content');
  const signer = need(ctx, 'signer');
  const views = need(ctx, 'plan').groups.flatMap((g) => (g.group.public ? g.views : []));
  const plan = await planPublic({ views, program, signer, previous: previous.state, files: previous.files });
  // A few changed pages of a large public tier: loading Eleventy is most of their cost, so a
  // worker thread started now loads it on the other core while this one seals the groups, and
  // the public tier starts before the indexes. Many pages (a cold build) render in this thread
  // once the groups' memory is let go: Eleventy keeps every page of a batch, and the plan and
  // the worker's copy of Eleventy on top would pass the cold build's 1 GiB at 10,000 advisories.
  const pages = pagesToRender(plan, views);
  const worker = ctx.options.siteWorker ?? (views.length >= SITE_WORKER_MIN_VIEWS && pages > 0 && pages < SITE_WORKER_MAX_PAGES);
  const site = createSiteRenderer({ worker });
  try {
    await sealOutput(ctx, journal, { views, plan, render: site.render, first: worker });
  } finally {
    await site.close();
  }
}

/** `publicTier.first`: start the public tier before the group indexes (its pages render in a worker). */
async function sealOutput(ctx: BuildContext, journal: Journal, publicTier: { views: AdvisoryView[]; plan: PublicPlan; render: RenderSite; first: boolean }): Promise<void> {
  const { program } = need(ctx, 'content');
  const signer = need(ctx, 'signer');
  const previous = need(ctx, 'previous');
  const rendered = need(ctx, 'rendered');
  const { now, out } = ctx.options;
  const works: GroupWork[] = [];
  const publicViews = publicTier.views;
  const sameRenderer = previous.state?.renderer === rendered.renderer;
  const recipientSets = need(ctx, 'recipients');
  for (const groupPlan of need(ctx, 'plan').groups) {
    if (groupPlan.group.public) continue;
    const id = groupPlan.group.id;
    const recipients = await recipientSets.get(id);
    if (recipients === undefined) throw new Error(`seal: no recipient set for group ${id}`);
    works.push(reuseItems({ plan: groupPlan, recipients, previous: previous.state?.groups[id], rendered, sameRenderer, signer, itemFiles: previous.files.itemFiles.get(id) }));
  }

  // Workers only for builds with enough to sign (new items, then the public tier's changed
  // files), started on first use: a no-op rebuild or a small edit starts none.
  const toSeal = works.reduce((n, w) => n + w.items.length - w.reused, 0);
  let threads = 0;
  let started: Promise<SealPool> | undefined;
  const pool = (count: number): Promise<SealPool> => {
    if (started === undefined) {
      threads = ctx.options.sealThreads ?? (count >= POOL_MIN_ITEMS ? availableParallelism() : 0);
      started = createSealPool(signer, { threads });
    }
    return started;
  };
  const groups: SealedGroup[] = [];
  let pub: SealedPublic;
  ctx.sealing = { items: 0, views: 0, headers: 0, ms: 0 };
  try {
    const publicTarget: PublicTarget = {
      folder: (rel) => journal.folderFor(rel).catch((error: unknown) => { throw new WriteStepError(error); }),
      intend: (rels) => journal.intend(rels),
      written: (rel) => {
        journal.recordCreated(rel);
        ctx.written.push(rel);
      },
    };
    const startPublic = () => sealPublic({
      views: publicViews, program, signer, previous: previous.state, files: previous.files,
      plan: publicTier.plan, render: publicTier.render,
      output: async (count) => {
        const p = await pool(count);
        // Into an empty --out, the workers sign and write the public files, as they do the items.
        if (previous.files.size === 0 && p.writeFiles !== undefined) {
          return { writeFiles: (files) => writePublicInWorkers(p, files, publicTarget, 2 * threads) };
        }
        return { sign: (data) => p.signDetached(data) };
      },
      write: async (rel, data) => {
        try {
          // Into an empty --out (nothing published yet) a new file goes straight to its name.
          await (previous.files.size === 0 ? journal.createDirect(rel, data) : journal.replace(rel, data, previous.files.exists(rel)));
        } catch (error) {
          throw new WriteStepError(error);
        }
        ctx.written.push(rel);
      },
    });
    // With a site worker, the public tier starts first: while the worker renders its pages, this
    // thread seals the new items (once their groups' recipient headers are made on the keyring's
    // thread) and re-issues the group indexes.
    const publicSealing = publicTier.first ? startPublic() : undefined;
    publicSealing?.catch(() => undefined); // awaited below, also when an index fails
    try {
      if (toSeal > 0) {
        const started = performance.now();
        const itemPool = await pool(toSeal);
        const figures = await sealItems(works, {
          rendered, pool: itemPool, files: previous.files,
          concurrency: Math.max(4, threads * 8),
          items: {
            write: async (rel, data) => {
              await journal.createDirect(rel, data).catch((error: unknown) => { throw new WriteStepError(error); });
              ctx.written.push(rel);
            },
            folder: (rel) => journal.folderFor(rel).catch((error: unknown) => { throw new WriteStepError(error); }),
            written: (rel) => {
              journal.recordCreated(rel);
              ctx.written.push(rel);
            },
          },
          onProgress: (done, total) => ctx.options.onProgress?.('seal', done, total),
        });
        ctx.sealing = { ...figures, ms: performance.now() - started };
      }
      for (const work of works) {
        const id = work.plan.group.id;
        const sealed = await sealIndex(work, { previous: previous.state?.groups[id], signer, out, files: previous.files, now, expiresAfter: program.feed.expiresAfter });
        groups.push(sealed);
        ctx.report.push({
          group: id, public: false, recipients: work.plan.recipients.length, advisories: work.plan.views.length,
          written: sealed.sealed + (sealed.index === undefined ? 0 : 1), reused: sealed.reused,
        });
      }
    } catch (error) {
      await publicSealing?.catch(() => undefined); // no public write in flight when the journal rolls back
      throw error;
    }
    // From here only the public views are needed: let the parsed advisories and every group's
    // views be collected before Eleventy renders (the cold build's peak memory at scale), and
    // stop the keyring's worker (every sealer is made).
    await ctx.keyring?.close();
    works.length = 0;
    ctx.plan = undefined;
    ctx.content = { ...need(ctx, 'content'), advisories: [] };
    pub = await (publicSealing ?? startPublic());
  } finally {
    if (started !== undefined) await (await started).close();
  }
  const publicGroup = program.groups.find((g) => g.public);
  ctx.report.push({ group: publicGroup?.id ?? 'public', public: true, recipients: 0, advisories: publicViews.length, written: pub.written, reused: pub.reused });

  const orphans = planOrphans({
    previous: previous.state, live: liveOutput(groups, pub.live), listed: previous.files, now, graceAfter: program.feed.graceAfter,
    restartGrace: new Set(groups.filter((g) => g.publishedUnknown).map((g) => g.group)),
  });
  const state: BuildState = {
    format: STATE_FORMAT,
    publisher: signer.fingerprint,
    renderer: rendered.renderer,
    groups: Object.fromEntries(groups.map((g) => [g.group, g.state])),
    public: pub.hashes,
    publicInput: pub.inputHash,
    publicLive: pub.live,
    ...(pub.baseHash === undefined ? {} : { publicBase: pub.baseHash }),
    ...(pub.views === undefined ? {} : { publicViews: pub.views }),
    ...(pub.pages === undefined ? {} : { publicPages: pub.pages }),
    orphans: orphans.keep,
  };
  const recorded = await sealState(state, previous, need(ctx, 'stateSealer'), ctx.options.stateChangesShare);
  ctx.sealed = { groups, public: pub, state: recorded.sealed, remove: [...orphans.remove, ...recorded.remove] };
}
