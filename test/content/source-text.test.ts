/** Sections that read their text from the advisory file when asked (scripts/content/source-text.ts). */
import { mkdir, mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { forgetSourceTexts, lazySegments, RECENT_TEXTS, sourceKey, sourceText, type Source } from '../../scripts/content/source-text.js';
import { isFeedError } from '../../scripts/feed/errors.js';

const lazy = suite('content: sections read from their file');
let root: string;

lazy.before.each(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'source-text-'));
  await mkdir(path.join(root, 'advisories'));
  forgetSourceTexts();
});
lazy.after.each(async () => {
  await rm(root, { recursive: true, force: true });
});

const TEXT = '---\nid: ADV-1\n---\nBase text.\n\n:::poc\nSecret PoC body.\n:::\n';

async function source(file: string, text: string): Promise<Source> {
  await writeFile(path.join(root, file), text);
  return { root, file, key: sourceKey(file, text) };
}

/** Runs `read` and returns the FeedError it throws. */
function thrown(read: () => unknown): { code: string; path?: string; message: string } {
  try {
    read();
  } catch (error) {
    if (isFeedError(error)) return error;
    throw error;
  }
  throw new Error('expected a FeedError');
}

lazy('are Segments field for field and in order, read from the file, and frozen', async () => {
  const src = await source('advisories/ADV-1.md', TEXT);
  const base = TEXT.indexOf('Base');
  const poc = TEXT.indexOf('Secret');
  const sections = lazySegments(src, [
    { tier: null, at: base, length: 'Base text.\n'.length, line: 4 },
    { tier: 'poc', at: poc, length: 'Secret PoC body.\n'.length, line: 7 },
    { tier: 'partner', markdown: 'kept as it is', line: 9 },
  ]);
  assert.is(JSON.stringify(sections), JSON.stringify([
    { tier: null, markdown: 'Base text.\n', line: 4 },
    { tier: 'poc', markdown: 'Secret PoC body.\n', line: 7 },
    { tier: 'partner', markdown: 'kept as it is', line: 9 },
  ]));
  assert.equal(Object.keys(sections[0] as object), ['tier', 'markdown', 'line']);
  assert.ok(Object.isFrozen(sections[0]));
});

lazy('a file changed since it was loaded stops the reading with FILE_CHANGED, naming the file and not its text', async () => {
  const src = await source('advisories/ADV-1.md', TEXT);
  const [section] = lazySegments(src, [{ tier: 'poc', at: TEXT.indexOf('Secret'), length: 6, line: 7 }]);
  await writeFile(path.join(root, src.file), TEXT.replace('Secret', 'Edited'));
  const error = thrown(() => section?.markdown);
  assert.is(error.code, 'FILE_CHANGED');
  assert.is(error.path, 'advisories/ADV-1.md');
  assert.not.match(error.message, /Secret|Edited|PoC/);
  // Saved back as it was loaded, it reads again; deleted, it is FILE_CHANGED too.
  await writeFile(path.join(root, src.file), TEXT);
  assert.is(section?.markdown, 'Secret');
  forgetSourceTexts();
  await unlink(path.join(root, src.file));
  assert.is(thrown(() => section?.markdown).code, 'FILE_CHANGED');
});

lazy('keeps the texts it read last, each as it was when it matched its key', async () => {
  const sources = await Promise.all(Array.from({ length: RECENT_TEXTS + 1 }, (_, n) => source(`advisories/ADV-${n}.md`, `text ${n}\n`)));
  for (const src of sources) assert.is(sourceText(src), src.file.replace(/^advisories\/ADV-(\d+)\.md$/, 'text $1\n'));
  // Every file changes now: the recent texts are still the loaded ones, the oldest is read again.
  for (const src of sources) await writeFile(path.join(root, src.file), 'changed\n');
  for (const src of sources.slice(1)) assert.is(sourceText(src), src.file.replace(/^advisories\/ADV-(\d+)\.md$/, 'text $1\n'));
  assert.is(thrown(() => sourceText(sources[0] as Source)).code, 'FILE_CHANGED');
});

lazy.run();
