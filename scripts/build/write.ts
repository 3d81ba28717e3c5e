/**
 * Stage `write`: puts the sealed output in place (feed-format §9.4, §9.5; docs/build.md):
 * 1. new items (content-addressed, never rewritten), 2. changed public files and signatures,
 * 3. the build state, 4. each changed group index (atomic rename, after every item it names).
 * The state goes before the indexes so that a build killed between them is noticed (an index
 * that is not the one recorded) and the next build moves on to a higher sequence instead of
 * publishing a second index under a sequence clients may already have seen.
 * Any failure rolls everything back: the previous output stays byte-identical. Only then are
 * orphans past their grace period removed (a failure there is a warning).
 */
import path from 'node:path';
import { need, type BuildContext } from './context.js';
import { buildError } from './errors.js';
import { STATE_FILE } from './state/build-state.js';
import { Journal } from './write/journal.js';
import { nodeFs } from './write/write-fs.js';

export async function write(ctx: BuildContext): Promise<void> {
  const sealed = need(ctx, 'sealed');
  const { files } = need(ctx, 'previous');
  const fs = ctx.options.fs ?? nodeFs;
  const journal = new Journal(fs, ctx.options.out);
  const step = async (rel: string, work: () => Promise<void>) => {
    await work();
    ctx.written.push(rel);
    if (ctx.written.length % 500 === 0) ctx.options.onProgress?.('write', ctx.written.length, 0);
  };
  try {
    for (const group of sealed.groups) {
      for (const [rel, data] of group.items) {
        if (files.has(rel)) continue; // same name = same bytes (the name is their hash)
        await step(rel, () => journal.create(rel, data));
      }
    }
    for (const [rel, data] of sealed.public.files) await step(rel, () => journal.replace(rel, data, files.has(rel)));
    if (sealed.state !== undefined) {
      const state = sealed.state;
      await step(STATE_FILE, () => journal.replace(STATE_FILE, state, files.has(STATE_FILE)));
    }
    for (const group of sealed.groups) {
      const index = group.index;
      if (index !== undefined) await step(index.path, () => journal.replace(index.path, index.bytes, files.has(index.path)));
    }
    await journal.commit();
  } catch (cause) {
    const failed = await journal.rollback();
    ctx.written.length = 0;
    throw buildError('BUILD_WRITE_FAILED', `Expected to write the output, got ${(cause as NodeJS.ErrnoException).code ?? 'an error'}${failed.length > 0 ? ` (and ${failed.length} undo steps failed)` : ''}`, {
      path: ctx.options.out,
      cause,
      hint: failed.length > 0
        ? 'The rollback was incomplete: restore --out from the last deployment before publishing.'
        : 'Nothing was changed in --out; fix the cause (disk space, permissions) and build again.',
    });
  }
  for (const rel of sealed.remove) {
    try {
      await fs.remove(path.join(ctx.options.out, rel));
      ctx.removed.push(rel);
    } catch (error) {
      ctx.warnings.push({ code: 'ORPHAN_NOT_REMOVED', message: `Could not remove ${rel} (${(error as NodeJS.ErrnoException).code ?? 'error'}); the next build tries again` });
    }
  }
}
