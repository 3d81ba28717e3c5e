/**
 * Stage `write`: puts the sealed output in place (feed-format §9.4, §9.5; docs/build.md):
 * 1. new items (content-addressed, never rewritten) and 2. changed public files and signatures:
 * the seal stage already placed both through the same journal, as it made them,
 * 3. the build state (or its changes file), 4. each changed group index (atomic rename, after
 * every item it names).
 * The state goes before the indexes so that a build killed between them is noticed (an index
 * that is not the one recorded) and the next build moves on to a higher sequence instead of
 * publishing a second index under a sequence clients may already have seen.
 * Any failure rolls everything back: the previous output stays byte-identical. Only then are
 * orphans past their grace period, and a changes file that a new state made obsolete, removed (a
 * failure there is a warning).
 */
import { rmdir } from 'node:fs/promises';
import path from 'node:path';
import { need, type BuildContext } from './context.js';
import { nodeFs } from './write/write-fs.js';
import { undoAfter, writeFailed } from './write/write-failed.js';

export async function write(ctx: BuildContext): Promise<void> {
  const sealed = need(ctx, 'sealed');
  const { files } = need(ctx, 'previous');
  const fs = ctx.options.fs ?? nodeFs;
  const journal = need(ctx, 'journal');
  const step = async (rel: string, work: () => Promise<void>) => {
    await work();
    ctx.written.push(rel);
    if (ctx.written.length % 500 === 0) ctx.options.onProgress?.('write', ctx.written.length, 0);
  };
  try {
    if (sealed.state !== undefined) {
      const { file, bytes } = sealed.state;
      await step(file, () => journal.replace(file, bytes, files.has(file)));
    }
    for (const group of sealed.groups) {
      const index = group.index;
      if (index !== undefined) await step(index.path, () => journal.replace(index.path, index.bytes, files.has(index.path)));
    }
    await journal.commit();
  } catch (cause) {
    throw writeFailed(cause, await undoAfter(cause, journal, ctx), ctx.options.out);
  }
  let kept = false; // a distrusted file this build meant to remove, and could not
  for (const rel of sealed.remove) {
    try {
      await fs.remove(path.join(ctx.options.out, rel));
      ctx.removed.push(rel);
    } catch (error) {
      kept ||= files.distrusted.has(rel);
      ctx.warnings.push({ code: 'ORPHAN_NOT_REMOVED', message: `Could not remove ${rel} (${(error as NodeJS.ErrnoException).code ?? 'error'}); the next build tries again` });
    }
  }
  // A public page's folder goes with its last file: an empty `advisories/<id>/` left behind is
  // answered 403 rather than 404 by some servers, which tells that the advisory was there.
  for (const folder of emptiedFolders(ctx.removed)) await rmdir(path.join(ctx.options.out, folder)).catch(() => undefined);
  // Every file the touched log named is now this build's own, or gone: the log with it.
  if (!kept) ctx.touched?.clear();
}

/** The folders of removed public files (outside groups/), deepest first, up to but not --out itself. */
export function emptiedFolders(removed: readonly string[]): string[] {
  const folders = new Set<string>();
  for (const rel of removed) {
    if (rel.startsWith('groups/')) continue;
    for (let dir = path.posix.dirname(rel); dir !== '.' && dir !== ''; dir = path.posix.dirname(dir)) folders.add(dir);
  }
  return [...folders].sort((a, b) => b.split('/').length - a.split('/').length || (a < b ? -1 : 1));
}
