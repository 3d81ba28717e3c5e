/**
 * Helper workers start from the sources too (scripts/feed/import-sibling.mjs): a worker thread
 * does not get the test run's TypeScript loader, so each imports its sibling modules' .ts files
 * through tsx. Their callers fall back to doing the work themselves when a worker does not start,
 * so without this test a worker that never starts would go unnoticed (test/cli/compiled.test.ts
 * starts them from dist/).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startHelperWorker } from '../../scripts/feed/job-worker.js';

const workers: [name: string, url: URL][] = [
  ['site', new URL('../../scripts/build/public/site-worker.mjs', import.meta.url)],
  ['read', new URL('../../scripts/content/read-worker.mjs', import.meta.url)],
  ['parse', new URL('../../scripts/content/parse-worker.mjs', import.meta.url)],
  ['keyring', new URL('../../scripts/feed/openpgp/keyring-worker.mjs', import.meta.url)],
  ['open', new URL('../../scripts/feed/openpgp/open-aside-worker.mjs', import.meta.url)],
];

for (const [name, url] of workers) {
  test(`the ${name} worker starts from the TypeScript sources`, async () => {
    const worker = await startHelperWorker(url, name);
    assert.ok(worker !== undefined, `${name} worker did not start`);
    await worker.stop();
  });
}

test('the read worker answers from the sources: the text of a file, null for one with a problem', async () => {
  const worker = await startHelperWorker(new URL('../../scripts/content/read-worker.mjs', import.meta.url), 'read');
  assert.ok(worker !== undefined);
  try {
    const root = new URL('../../', import.meta.url).pathname;
    const reply = await worker.job({ root, files: ['package.json', 'no-such-file.md'] });
    const texts = reply.texts as (string | null)[];
    assert.match(texts[0] ?? '', /"name": "advisory-feed"/);
    assert.is(texts[1], null);
  } finally {
    await worker.stop();
  }
});

test('a worker whose module does not import says so instead of starting (serveSibling)', async () => {
  const { mkdtemp, writeFile, rm } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const path = await import('node:path');
  const { pathToFileURL } = await import('node:url');
  const dir = await mkdtemp(path.join(tmpdir(), 'serve-sibling-'));
  try {
    const helper = pathToFileURL(path.resolve('scripts/feed/import-sibling.mjs')).href;
    await writeFile(path.join(dir, 'broken.js'), 'throw new Error("broken on import");\n');
    await writeFile(path.join(dir, 'worker.mjs'), `import { serveSibling } from ${JSON.stringify(helper)};\nawait serveSibling(import.meta.url, './broken', () => {});\n`);
    const { startJobWorker } = await import('../../scripts/feed/job-worker.js');
    const errors = { reply: (m: string) => new Error(m), thread: (m: string) => new Error(m) };
    const started = startJobWorker(pathToFileURL(path.join(dir, 'worker.mjs')), null, 'broken', errors);
    await started.then(() => assert.unreachable('it started'), (error: Error) => assert.match(error.message, /broken worker did not start: broken on import/));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test.run();
