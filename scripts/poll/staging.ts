/**
 * Verified items wait on disk, not in memory, until every item of the run passed (feed-format
 * §8.12: nothing reaches the mirror before that). The staging folder lives in the state folder,
 * is private to the run (under the state lock), and is removed when the run ends, whatever the
 * outcome; a killed run's leftover is removed by the next run. Memory stays at a few items
 * however large the first sync.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ItemDocument } from '../feed/format.js';
import { safeJoin } from '../feed/paths.js';
import { pollError } from './errors.js';
import { renderMarkdown } from './render-markdown.js';

export const STAGING_DIR = '.staging';

/** The two mirror files of one advisory, as they will be written. */
export interface StagedFiles {
  json: string;
  md: string;
}

export interface Staging {
  /** Renders a verified item into its mirror files and keeps them until the mirror is written. */
  put(item: ItemDocument): Promise<void>;
  /** The staged files of `id`. */
  read(id: string): Promise<StagedFiles>;
  /** Removes the staging folder. */
  dispose(): Promise<void>;
}

export async function openStaging(stateDir: string): Promise<Staging> {
  const dir = join(stateDir, STAGING_DIR);
  const path = (id: string, ext: string) => safeJoin(dir, `${id}${ext}`);
  try {
    await rm(dir, { recursive: true, force: true }); // a killed run's leftover
    await mkdir(dir, { mode: 0o700 });
  } catch (error) {
    throw writeFailed(dir, error);
  }
  return {
    async put(item) {
      try {
        // One staged file per item (the JSON's length in UTF-16 units, a newline, the JSON, the
        // Markdown): half the file creations of two files, which dominate a big first sync.
        const json = `${JSON.stringify(item, null, 2)}\n`;
        await writeFile(path(item.id, '.staged'), `${json.length}\n${json}${renderMarkdown(item)}`, { mode: 0o600 });
      } catch (error) {
        throw writeFailed(dir, error);
      }
    },
    async read(id) {
      const text = await readFile(path(id, '.staged'), 'utf8');
      const newline = text.indexOf('\n');
      const start = newline + 1;
      const end = start + Number(text.slice(0, newline));
      return { json: text.slice(start, end), md: text.slice(end) };
    },
    async dispose() {
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function writeFailed(dir: string, error: unknown) {
  return pollError('MIRROR_WRITE_FAILED', `Expected to stage verified items in ${dir}, got ${(error as Error).message}.`, {
    cause: error,
    hint: 'Check free space and permissions of --state; nothing was written to the mirror.',
  });
}
