/**
 * Parsing advisory files ahead in a worker thread (scripts/content/parse-ahead.ts,
 * parse-worker.mjs, parse-ahead-job.ts): the worker takes files from the last, parses them with
 * the loading thread's own functions, and hands back only what that thread may use as it is; a
 * load with the worker gives the same content, problems and cache as one without.
 */
import { readFile, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { cacheKey, CACHE_DIR } from '../../scripts/content/advisory-cache.js';
import { loadContent } from '../../scripts/content/index.js';
import { loadAdvisory, parseAdvisory } from '../../scripts/content/load-advisory.js';
import { loadProgram } from '../../scripts/content/load-program.js';
import { parseAhead } from '../../scripts/content/parse-ahead.js';
import type { ParsedAhead } from '../../scripts/content/parse-ahead-job.js';
import { Problems } from '../../scripts/content/problems.js';
import type { Program } from '../../scripts/content/types.js';
import { FIXTURES, NOW, fixtureRoot, type FixtureRoot } from './fixture-root.js';

const ahead = suite('content: parsing ahead in a worker');
let root: FixtureRoot;
/** Every advisory file, sorted as the loader sorts them; the broken ones come last. */
let files: string[];

const VALID = 'advisories/ADV-2025-0001.md';
const BROKEN = {
  fieldUnknown: 'advisories/ADV-2099-0001.md',
  notUtf8: 'advisories/ADV-2099-0002.md',
  escapes: 'advisories/ADV-2099-0003.md',
  sectionUnclosed: 'advisories/ADV-2099-0004.md',
};

ahead.before.each(async () => {
  root = await fixtureRoot();
  const text = await readFile(path.join(root.root, VALID), 'utf8');
  const withId = (source: string, id: string) => source.replace('id: ADV-2025-0001', `id: ${id}`);
  for (let i = 0; i < 340; i++) { // more than the two chunks the worker claims at once
    const id = `ADV-2030-${String(i).padStart(4, '0')}`;
    await writeFile(path.join(root.root, `advisories/${id}.md`), withId(text, id));
  }
  const bad = (name: string) => readFile(path.join(FIXTURES, 'bad', name, VALID), 'utf8');
  await writeFile(path.join(root.root, BROKEN.fieldUnknown), withId(await bad('field-unknown'), 'ADV-2099-0001'));
  await writeFile(path.join(root.root, BROKEN.notUtf8), await readFile(path.join(FIXTURES, 'bad/not-utf8', VALID)));
  await symlink(path.join(FIXTURES, 'valid', VALID), path.join(root.root, BROKEN.escapes));
  await writeFile(path.join(root.root, BROKEN.sectionUnclosed), withId(await bad('section-unclosed'), 'ADV-2099-0004'));
  const { readdir } = await import('node:fs/promises');
  files = (await readdir(path.join(root.root, 'advisories'))).filter((f) => f.endsWith('.md')).sort().map((f) => `advisories/${f}`);
});
ahead.after.each(() => root.remove());

async function programOf(): Promise<Program> {
  const { program } = await loadProgram(root.root, new Problems());
  assert.ok(program);
  return program;
}

ahead('the worker takes the last files and parses them as this thread does', async () => {
  const program = await programOf();
  const last = files.length - 1;
  const cached = files.indexOf('advisories/ADV-2030-0300.md');
  const cachedText = await readFile(path.join(root.root, files[cached] as string), 'utf8');
  const parser = parseAhead(root.root, files, { program, known: [cacheKey(files[cached] as string, cachedText)] });
  try {
    assert.is(await parser.ready, true);
    assert.is(parser.take(0), undefined, 'the first file is this thread\'s');
    const results = new Map<string, ParsedAhead | undefined>();
    for (let i = files.length - 150; i <= last; i++) {
      const taken = parser.take(i);
      assert.ok(taken, `the worker took ${files[i]}`);
      results.set(files[i] as string, await taken);
    }
    for (let i = files.length - 150; i < files.length - 4; i++) {
      const file = files[i] as string;
      const text = await readFile(path.join(root.root, file), 'utf8');
      const got = results.get(file);
      if (i === cached) {
        assert.equal(got, { text }, 'a cached file is read, not parsed');
        continue;
      }
      const problems = new Problems();
      assert.equal(got, { text, advisory: parseAdvisory(text, file, program, problems) }, file);
      assert.is(problems.size, 0);
    }
    assert.is(results.get(BROKEN.fieldUnknown)?.advisory, null, 'problems are left to this thread');
    assert.is(results.get(BROKEN.sectionUnclosed)?.advisory, null);
    assert.is(results.get(BROKEN.notUtf8), null, 'a file it could not read is read again here');
    assert.is(results.get(BROKEN.escapes), null);
  } finally {
    await parser.close();
  }
});

ahead('a worker that fails hands every file back to this thread', async () => {
  const known = 5 as unknown as string[]; // its setup throws, and the thread ends
  const parser = parseAhead(root.root, files, { program: await programOf(), known });
  try {
    await parser.ready;
    const taken = parser.take(files.length - 5);
    assert.ok(taken);
    assert.is(await taken, undefined);
  } finally {
    await parser.close();
  }
});

ahead('the loading thread takes what the worker parsed, and loads again what it left', async () => {
  const program = await programOf();
  const text = await readFile(path.join(root.root, VALID), 'utf8');
  const parsed = parseAdvisory(text, VALID, program, new Problems());
  assert.ok(parsed);
  const marked = { ...parsed, title: 'as the worker parsed it' };
  const problems = new Problems();
  const load = (file: string, early: Promise<ParsedAhead | undefined>) => loadAdvisory(root.root, file, program, problems, { ahead: early });
  assert.is(await load(VALID, Promise.resolve({ text, advisory: marked })), marked);
  assert.equal(await load(VALID, Promise.resolve({ text, advisory: null })), parsed, 'problems: parsed again here');
  assert.equal(await load(VALID, Promise.resolve(undefined)), parsed, 'no answer: read and parsed here');
  assert.is(await load(BROKEN.notUtf8, Promise.resolve(null)), undefined);
  assert.equal(problems.list.map((p) => `${p.path} ${p.code}`), [`${BROKEN.notUtf8} FILE_UNREADABLE`], 'the read problem is reported here');
});

ahead('a load with the worker gives the content, problems and cache a load without it gives', async () => {
  const load = async (parse: boolean) => {
    await rm(path.join(root.root, CACHE_DIR), { recursive: true, force: true });
    const { content, problems } = await loadContent(root.root, { now: NOW, cache: true, parseAhead: parse });
    const cache = await readFile(path.join(root.root, CACHE_DIR, 'advisories.json'), 'utf8');
    return { content, problems: problems.map((p) => `${p.path}:${p.line} ${p.code} ${p.message}`), cache };
  };
  const inThread = await load(false);
  const withWorker = await load(true);
  assert.equal(withWorker.content, inThread.content);
  assert.equal(withWorker.problems, inThread.problems);
  assert.is(withWorker.cache, inThread.cache);
  assert.is(inThread.content.advisories.length, files.length - 3, 'the unreadable files and the one of unknown shape are left out');
  for (const [file, code] of [[BROKEN.fieldUnknown, 'FIELD_UNKNOWN'], [BROKEN.notUtf8, 'FILE_UNREADABLE'], [BROKEN.escapes, 'PATH_UNSAFE'], [BROKEN.sectionUnclosed, 'SECTION_UNCLOSED']]) {
    assert.ok(withWorker.problems.some((p) => p.startsWith(`${file}:`) && p.includes(` ${code} `)), `${code} at ${file}:\n${withWorker.problems.join('\n')}`);
  }
});

ahead.run();
