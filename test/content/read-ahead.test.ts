/**
 * Reading advisory files ahead in a worker thread (scripts/content/read-ahead.ts,
 * read-worker.mjs) gives each file's text exactly as readTextFile does in the loading thread,
 * and every problem (a symlink out of the root, bad UTF-8, a file gone) is reported by the
 * loading thread as it is without the worker.
 */
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Problems } from '../../scripts/content/problems.js';
import { readAhead } from '../../scripts/content/read-ahead.js';
import { readTextFile } from '../../scripts/content/read-text-file.js';
import { sourceKey, type ReadForCache } from '../../scripts/content/source-text.js';

const ahead = suite('content: reading ahead in a worker');
let base: string;
let root: string;

ahead.before.each(async () => {
  base = await mkdtemp(path.join(tmpdir(), 'read-ahead-'));
  root = path.join(base, 'content');
  await mkdir(path.join(root, 'advisories'), { recursive: true });
  await writeFile(path.join(base, 'secret.md'), 'outside the root\n');
});
ahead.after.each(async () => {
  await rm(base, { recursive: true, force: true });
});

/** Reads `files` with `read`, each problem as `file: CODE message`. */
async function readAll(files: string[], read: (rel: string, problems: Problems) => Promise<ReadForCache | undefined>) {
  const problems = new Problems();
  const texts: (ReadForCache | undefined)[] = [];
  for (const file of files) texts.push(await read(file, problems));
  return { texts, problems: problems.list.map((p) => `${p.path}: ${p.code} ${p.message}`) };
}

ahead('gives the texts and the problems readTextFile gives, chunk by chunk, a few chunks ahead', async () => {
  const files: string[] = [];
  for (let i = 0; i < 2603; i++) { // six chunks: more than the worker is asked for at once
    const file = `advisories/ADV-2026-${String(i).padStart(4, '0')}.md`;
    await writeFile(path.join(root, file), `---\nid: ${i}\n---\r\nline ${i}\r\n`);
    files.push(file);
  }
  await symlink(path.join(base, 'secret.md'), path.join(root, 'advisories/escape.md'));
  await writeFile(path.join(root, 'advisories/latin1.md'), Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]));
  files.splice(7, 0, 'advisories/escape.md', 'advisories/latin1.md', 'advisories/missing.md');

  const reader = readAhead(root, files, { worker: true });
  try {
    const inWorker = await readAll(files, reader.read);
    const inThread = await readAll(files, (rel, problems) => readTextFile(root, rel, problems));
    assert.equal(inWorker, inThread);
    assert.is(inWorker.texts[0], '---\nid: 0\n---\nline 0\n');
    assert.equal(inWorker.problems.map((p) => p.split(' ').slice(0, 2).join(' ')), [
      'advisories/escape.md: PATH_UNSAFE', 'advisories/latin1.md: FILE_UNREADABLE', 'advisories/missing.md: FILE_UNREADABLE',
    ]);
  } finally {
    await reader.close();
  }
});

ahead('a file it was not asked to read ahead is read when asked', async () => {
  await writeFile(path.join(root, 'advisories/late.md'), 'written later\n');
  const reader = readAhead(root, [], { worker: true });
  try {
    assert.equal(await readAll(['advisories/late.md'], reader.read), { texts: ['written later\n'], problems: [] });
  } finally {
    await reader.close();
  }
});

ahead('sends only the key and length of a file whose key the cache knows, the text of every other', async () => {
  const files = Array.from({ length: 1203 }, (_, i) => `advisories/ADV-2026-${String(i).padStart(4, '0')}.md`);
  const textOf = (i: number) => `---\nid: ${i}\n---\nline ${i}\n`;
  for (const [i, file] of files.entries()) await writeFile(path.join(root, file), textOf(i));
  // Known: every third file, and one whose text has changed since (its key is the old text's).
  const known = files.filter((_, i) => i % 3 === 0).map((file, n) => sourceKey(file, textOf(n * 3)));
  known.push(sourceKey(files[1] as string, 'the text before an edit\n'));
  const reader = readAhead(root, files, { worker: true, known: Promise.resolve(known) });
  try {
    const { texts, problems } = await readAll(files, reader.read);
    assert.equal(problems, []);
    texts.forEach((read, i) => {
      const file = files[i] as string;
      assert.equal(read, i % 3 === 0 ? { key: sourceKey(file, textOf(i)), length: textOf(i).length } : textOf(i), file);
    });
  } finally {
    await reader.close();
  }
});

ahead.run();
