/**
 * Where the public site is rendered: in this thread (renderSite), or by a worker thread that runs
 * the very same renderSite (site-worker.mjs). Importing Eleventy costs ~0.25 s of CPU and a
 * render allocates much; a rebuild that changes a few public pages spends both on the main
 * thread, which is the busy one (it reads, plans and seals everything), while the second core
 * waits. The worker is started when the seal stage begins, so Eleventy is loaded on that core
 * while this one seals the groups, and is ready when the public tier is rendered.
 *
 * Same function, same bytes: should the worker fail to start or fail a render, that render is
 * run again in this thread, whose typed error (PUBLIC_RENDER_FAILED) is the one reported.
 */
import { startHelperWorker, type JobWorker } from '../../feed/job-worker.js';
import { renderSite, type Listing } from './site.js';
import type { AdvisoryPage, SiteData } from './site-data.js';

/** renderSite for the given advisory pages and listing pages: site-relative path -> HTML. */
export type RenderSite = (site: SiteData, detail: AdvisoryPage[], listings: Listing[]) => Promise<Map<string, string>>;

export interface SiteRenderer {
  render: RenderSite;
  close(): Promise<void>;
}

/** A site-worker.mjs job. */
export interface SiteJob {
  site: SiteData;
  detail: AdvisoryPage[];
  listings: Listing[];
}

const WORKER_URL = new URL('./site-worker.mjs', import.meta.url);

const inThread: RenderSite = (site, detail, listings) => renderSite(site, detail, detail, listings);

/** `worker: false` renders in this thread. */
export function createSiteRenderer(options: { worker: boolean }): SiteRenderer {
  if (!options.worker) return { render: inThread, async close() {} };
  const worker: Promise<JobWorker | undefined> = startHelperWorker(WORKER_URL, 'site'); // no worker: this thread renders
  return {
    async render(site, detail, listings) {
      const thread = await worker;
      const job: SiteJob = { site, detail, listings };
      const reply = thread === undefined ? undefined : await thread.job(job).catch(() => undefined);
      return reply === undefined ? inThread(site, detail, listings) : new Map(reply.files as [string, string][]);
    },
    async close() {
      await (await worker)?.stop();
    },
  };
}
