/**
 * The public tier (feed-format §6, signatures §5.4, key §7): the files scripts/build/public renders
 * from the public views, each with a detached `.asc` signature when asked, and the publisher's
 * public key at the stable path `publisher.asc`. A file whose bytes are unchanged since the
 * previous build keeps its file and its signature.
 */
import { signDetached, type SecretKey } from '../../feed/openpgp.js';
import type { Program } from '../../content/types.js';
import { isSignedPage, renderPublicBatches, type PublicFile } from '../public/index.js';
import { slugOf } from '../public/links.js';
import { csafPathOf } from '../public/site-data.js';
import { buildError } from '../errors.js';
import { canonicalJson } from '../../feed/canonical-json.js';
import { sha256Hex } from '../../feed/hash.js';
import { publicRendererId } from '../render/renderer-id.js';
import type { FileSet } from '../list-output.js';
import type { BuildState } from '../state/build-state.js';
import { PUBLISHER_KEY_PATH } from '../../feed/paths.js';
import { runBounded } from '../../feed/run-bounded.js';
import type { AdvisoryView } from '../view.js';
import type { RenderSite } from '../public/site-renderer.js';

/** Signatures in flight at once. */
const SIGN_CONCURRENCY = 32;
/**
 * Advisory pages rendered per Eleventy run: memory holds one batch, not the site. At 10,000
 * advisories the cold build peaked at 861 MiB with 1,000 and 901 MiB with 2,000 (up to 1,036
 * MiB in the bench before the state's pieces were let go early); each extra run costs ~0.15 s.
 */
const PUBLIC_BATCH = 1000;


export interface SealedPublic {
  /** Every public path -> SHA-256 of its bytes (for the state). */
  hashes: Record<string, string>;
  /** Paths of every public file and signature this build publishes. */
  live: string[];
  /** Hash of the renderer's input (BuildState.publicInput). */
  inputHash: string;
  /** BuildState.publicBase and publicViews (absent only when carried over from an older state). */
  baseHash: string | undefined;
  views: Record<string, string> | undefined;
  /** BuildState.publicPages (absent when carried over from an older state). */
  pages: Record<string, string> | undefined;
  written: number;
  reused: number;
}

/** See sealPublic's `output`. */
export type PublicOutput =
  | { sign: (data: Uint8Array) => Promise<string>; writeFiles?: undefined }
  | { writeFiles: (files: PublicFile[]) => Promise<void>; sign?: undefined };

/** What the public tier is made from, and what of the previous build's output can stay. */
export interface PublicInput {
  views: AdvisoryView[];
  program: Program;
  signer: SecretKey;
  previous: Pick<BuildState, 'public' | 'publicInput' | 'publicLive' | 'publicBase' | 'publicViews' | 'publicPages'> | undefined;
  files: FileSet;
}

/** What sealPublic will do (planPublic): keep everything, or render some or all of it. */
export type PublicPlan =
  | { inputHash: string; reuse: SealedPublic }
  | {
    inputHash: string;
    reuse?: undefined;
    baseHash: string;
    /** Ids of the only advisories whose page and CSAF document are rendered; undefined: all. */
    only: Set<string> | undefined;
    /** With `only`: the files of the other advisories, which stay as they are. */
    kept: { path: string; signed: boolean }[];
  };

export async function planPublic(input: PublicInput): Promise<PublicPlan> {
  const { signer } = input;
  const inputHash = await publicInputHash(input.views, input.program, signer);
  const before = input.previous;
  // Every public file and signature of the previous build is still there (~54,000 at 10,000 advisories).
  const intact = before?.publicLive !== undefined && before.publicLive.every((f) => input.files.has(f));
  // Same views, program, key and rendering code as last time, and every file still there: the
  // renderer is deterministic, so its output would be the same bytes. Skip it (Eleventy is slow).
  if (intact && before?.publicInput === inputHash && before.publicLive !== undefined) {
    const count = Object.keys(before.public).length;
    return { inputHash, reuse: { hashes: before.public, live: before.publicLive, inputHash, baseHash: before.publicBase, views: before.publicViews, pages: before.publicPages, written: 0, reused: count } };
  }
  const previousHashes = before?.public ?? {};
  // Same program, key and rendering code, every file still there: only the pages and CSAF
  // documents of views that changed are rendered again (Eleventy costs ~0.5 ms a page, CSAF
  // ~0.3 ms); listings, feeds and CSAF index files are remade in full, and each unchanged page
  // and document keeps its file, hash and signature.
  const baseHash = await publicBaseHash(input.program, signer);
  let only: Set<string> | undefined;
  const kept: { path: string; signed: boolean }[] = [];
  if (intact && before?.publicBase === baseHash && before.publicViews !== undefined) {
    const previousViews = before.publicViews;
    only = new Set(input.views.filter((v) => previousViews[v.advisory.id] !== v.viewHash).map((v) => v.advisory.id));
    for (const view of input.views) {
      if (only.has(view.advisory.id)) continue;
      kept.push({ path: pagePath(view), signed: true });
      // Its CSAF document, when it has one (TLP:WHITE): the JSON (signed) and its two hash files.
      const csaf = csafPathOf(view);
      if (previousHashes[csaf] !== undefined) kept.push({ path: csaf, signed: true }, { path: `${csaf}.sha256`, signed: false }, { path: `${csaf}.sha512`, signed: false });
    }
    if (kept.some((f) => previousHashes[f.path] === undefined)) only = undefined;
  }
  return { inputHash, baseHash, only, kept: only === undefined ? [] : kept };
}

/** How many advisory pages sealPublic renders for `plan`. */
export function pagesToRender(plan: PublicPlan, views: readonly AdvisoryView[]): number {
  return plan.reuse !== undefined ? 0 : plan.only?.size ?? views.length;
}

export async function sealPublic(input: PublicInput & {
  /**
   * How the changed files (`count` signed ones at most) are signed and placed: `sign` makes a
   * detached signature and `write` places each file and signature (default: signDetached in this
   * thread), or `writeFiles` signs and places a batch of files elsewhere (seal pool workers).
   * The caller picks by how many there are and where they go.
   */
  output?: (count: number) => Promise<PublicOutput>;
  /** Places a changed file or signature (relative to --out), as soon as it is ready. */
  write: (rel: string, data: Uint8Array) => Promise<void>;
  /** planPublic of this input, if the caller made it already. */
  plan?: PublicPlan;
  /** Renders the HTML (site-renderer.ts; default: in this thread). */
  render?: RenderSite;
}): Promise<SealedPublic> {
  const { signer } = input;
  const outputFor = input.output ?? (async (): Promise<PublicOutput> => ({ sign: (data) => signDetached(data, signer) }));
  const plan = input.plan ?? await planPublic(input);
  if (plan.reuse !== undefined) return plan.reuse;
  const { inputHash, baseHash, only, kept } = plan;
  const before = input.previous;
  const previousHashes = before?.public ?? {};
  const viewHashes = Object.fromEntries(input.views.map((v) => [v.advisory.id, v.viewHash]));
  const result: SealedPublic = { hashes: {}, live: [], inputHash, baseHash, views: viewHashes, pages: undefined, written: 0, reused: 0 };
  if (only !== undefined) {
    for (const { path, signed } of kept) {
      result.hashes[path] = previousHashes[path] as string;
      result.live.push(path);
      if (signed) result.live.push(`${path}.asc`);
      result.reused++;
    }
  }
  const taken = new Set<string>();
  const estimate = 2 * (only === undefined ? input.views.length : only.size) + 4; // signed files, at most
  let output: PublicOutput | undefined;
  // Each batch is hashed, signed and written before the next one renders (bounded memory).
  const settle = async (files: PublicFile[]) => {
    const changed: PublicFile[] = [];
    for (const file of files) {
      checkPublicPath(file.path, taken);
      if (file.sign) checkPublicPath(`${file.path}.asc`, taken);
      const sha256 = sha256Hex(file.data);
      result.hashes[file.path] = sha256;
      result.live.push(file.path);
      if (file.sign) result.live.push(`${file.path}.asc`);
      const intact = previousHashes[file.path] === sha256 && input.files.has(file.path) && (!file.sign || input.files.has(`${file.path}.asc`));
      if (intact) {
        result.reused++;
        continue;
      }
      changed.push(file);
      result.written++;
    }
    if (changed.length === 0) return;
    output ??= await outputFor(estimate);
    if (output.writeFiles !== undefined) return output.writeFiles(changed);
    const { sign } = output;
    // Signatures in parallel (by the seal pool's workers when it has them).
    await runBounded(changed, SIGN_CONCURRENCY, async (file) => {
      const signature = file.sign ? new TextEncoder().encode(await sign(file.data)) : undefined;
      await input.write(file.path, file.data);
      if (signature !== undefined) await input.write(`${file.path}.asc`, signature);
    });
  };
  // Listing and key pages: kept when what they are rendered from is what the previous build
  // rendered them from (under the same program, key and code: `only` is set) and their file is intact.
  const previousPages = only === undefined ? undefined : before?.publicPages;
  const pageKept = previousPages === undefined
    ? undefined
    : (path: string, inputHash: string) => previousPages[path] === inputHash && previousHashes[path] !== undefined && input.files.has(path)
      && (!isSignedPage(path) || input.files.has(`${path}.asc`));
  const rendered = await renderPublicBatches(input.views, {
    program: input.program,
    now: lastChange(input.views),
    publisher: { fingerprint: signer.fingerprint, armored: signer.certificate.armored },
  }, { ...(only === undefined ? {} : { only }), ...(pageKept === undefined ? {} : { pageKept }), ...(input.render === undefined ? {} : { render: input.render }), batch: PUBLIC_BATCH }, settle);
  for (const path of rendered.keptPages) {
    checkPublicPath(path, taken);
    result.hashes[path] = previousHashes[path] as string;
    result.live.push(path);
    if (isSignedPage(path)) result.live.push(`${path}.asc`);
    result.reused++;
  }
  result.pages = rendered.pageInputs;
  await settle([{ path: PUBLISHER_KEY_PATH, data: new TextEncoder().encode(signer.certificate.armored), sign: false }]);
  result.live.sort(); // the same files in the same order, however they were rendered
  return result;
}

/** Hash of everything the public tier is rendered from (BuildState.publicInput). */
async function publicInputHash(views: readonly AdvisoryView[], program: Program, signer: SecretKey): Promise<string> {
  return sha256Hex(canonicalJson({
    views: views.map((v) => v.viewHash),
    program,
    publisher: signer.certificate.armored,
    code: await publicRendererId(),
  }));
}

/** Hash of the program, key and rendering code of the public tier (BuildState.publicBase). */
async function publicBaseHash(program: Program, signer: SecretKey): Promise<string> {
  return sha256Hex(canonicalJson({ program, publisher: signer.certificate.armored, code: await publicRendererId() }));
}

/**
 * The time the public tier last changed: the latest `modified` of its views (the epoch when there
 * is none). Given to the renderer as `now` instead of the build time, so a rebuild with nothing
 * new renders identical bytes (no-op = 0 files written), and Atom's feed `updated` means what
 * RFC 4287 says: the last significant change, not the last build.
 */
function lastChange(views: AdvisoryView[]): string {
  const latest = Math.max(0, ...views.map((v) => Date.parse(v.modified)));
  return new Date(latest).toISOString();
}

/** The page of a public view (site-data.ts: `advisories/<slug>/`, signed). */
function pagePath(view: AdvisoryView): string {
  return `advisories/${slugOf(view.advisory.id)}/index.html`;
}

/** Public files live beside the groups, never in them, and never twice (a file or a signature). */
function checkPublicPath(rel: string, taken: Set<string>): void {
  const parts = rel.split('/');
  const bad = rel === '' || rel.startsWith('/') || rel.includes('\\') || parts.some((p) => p === '' || p === '.' || p === '..')
    || parts[0] === 'groups' || rel.startsWith('.state') || rel.includes('.tmp-') || taken.has(rel);
  taken.add(rel);
  if (bad) {
    throw buildError('BUILD_WRITE_FAILED', `Expected a public file path outside groups/ and unique, got ${JSON.stringify(rel)}`, {
      hint: 'This is a bug in scripts/build/public: report it.',
    });
  }
}
