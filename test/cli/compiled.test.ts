/**
 * The compiled CLI (bin/compiled.mjs, scripts/dev/compile.mjs): used only while it matches the
 * sources, and working without a TypeScript loader: build and poll on the sample content, worker
 * threads (the site worker too), Eleventy's config, and the code fingerprints taken from the
 * sources either way.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { compiledMain, FINGERPRINT_FILE, ROOT, sourceFingerprint } from '../../bin/compiled.mjs';
import { publicRendererId, rendererId } from '../../scripts/build/render/renderer-id.js';

const compiled = suite('cli: compiled');
let scratch = '';
let dist = '';

compiled.before(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'af-compiled-'));
  // Beside scripts/, as dist/ is: compiled modules find templates/ and the sources relative to it.
  dist = path.join(ROOT, `.dist-test-${process.pid}`);
  const run = spawnSync(process.execPath, [path.join(ROOT, 'scripts/dev/compile.mjs'), dist], { encoding: 'utf8' });
  assert.is(run.status, 0, run.stderr);
});

compiled.after(async () => {
  await rm(scratch, { recursive: true, force: true });
  await rm(dist, { recursive: true, force: true });
});

/** Runs the compiled CLI in a plain node process (no tsx), in the repository (the sample content). */
function runCompiled(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const main = pathToFileURL(path.join(dist, 'cli/main.js')).href;
  const runner = `const { main } = await import(${JSON.stringify(main)}); process.exitCode = await main(${JSON.stringify(args)});`;
  return spawnSync(process.execPath, ['--input-type=module', '-e', runner], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CI: '1' } });
}

compiled('is used only while its recorded fingerprint is that of the sources', async () => {
  assert.is(compiledMain(ROOT, path.join(scratch, 'missing')), undefined);
  assert.is(compiledMain(ROOT, dist), pathToFileURL(path.join(dist, 'cli/main.js')).href);
  assert.is((await readFile(path.join(dist, FINGERPRINT_FILE), 'utf8')).trim(), sourceFingerprint());
  await writeFile(path.join(dist, FINGERPRINT_FILE), `${'0'.repeat(64)}\n`); // as after editing a source
  assert.is(compiledMain(ROOT, dist), undefined);
  await writeFile(path.join(dist, FINGERPRINT_FILE), `${sourceFingerprint()}\n`);
});

compiled('builds and polls the sample content without a TypeScript loader (workers, Eleventy config)', async () => {
  const site = path.join(scratch, 'site');
  const built = runCompiled(['build', '--out', site, '--json']);
  assert.is(built.status, 0, built.stderr);
  const summary = JSON.parse(built.stdout.trim()) as { written: string[] };
  assert.ok(summary.written.includes('index.html') && summary.written.includes('groups/partners-poc/index.pgp'));
  assert.match(await readFile(path.join(site, 'index.html'), 'utf8'), /<html/);
  const mirror = path.join(scratch, 'mirror');
  const polled = runCompiled([
    'poll', '--feed', path.join(site, 'groups/partners-poc'), '--key', 'demo/partners/northwind-cert.sec.asc',
    '--publisher-key', 'partners/publisher.asc', '--state', path.join(scratch, 'state'), '--out', mirror,
  ]);
  assert.is(polled.status, 0, polled.stderr);
  const item = JSON.parse(await readFile(path.join(mirror, 'advisories/ADV-2025-0031.json'), 'utf8')) as { markdown: string };
  assert.match(item.markdown, /Proof of concept/);
});

compiled('starts the site worker from dist/ without a TypeScript loader, and it renders', async () => {
  const url = (rel: string) => JSON.stringify(pathToFileURL(path.join(dist, rel)).href);
  const site = { name: 'Example', url: 'https://example.test/', contact: 'psirt@example.test', contactHref: 'mailto:psirt@example.test', key: { fingerprint: 'F'.repeat(40), fingerprintGroups: 'FFFF', armored: 'KEY', path: 'key.asc' } };
  const script = `
    const { startJobWorker } = await import(${url('feed/job-worker.js')});
    const errors = { reply: (m) => new Error(m), thread: (m) => new Error(m) };
    const worker = await startJobWorker(new URL(${url('build/public/site-worker.mjs')}), null, 'site', errors);
    const reply = await worker.job({ site: ${JSON.stringify(site)}, detail: [], listings: [] });
    console.log(JSON.stringify(reply.files.map(([file, html]) => [file, html.includes('${'F'.repeat(40)}')])));
    await worker.stop();`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: scratch, encoding: 'utf8' });
  assert.is(run.status, 0, run.stderr);
  assert.equal(JSON.parse(run.stdout.trim()), [['key/index.html', true]]);
});

compiled('starts the read-ahead, parse-ahead and state-opening workers from dist/ without a TypeScript loader', async () => {
  const url = (rel: string) => JSON.stringify(pathToFileURL(path.join(dist, rel)).href);
  const script = `
    const { startJobWorker } = await import(${url('feed/job-worker.js')});
    const errors = { reply: (m) => new Error(m), thread: (m) => new Error(m) };
    for (const [worker, name] of [[${url('content/read-worker.mjs')}, 'read'], [${url('content/parse-worker.mjs')}, 'parse'], [${url('feed/openpgp/open-aside-worker.mjs')}, 'open']]) {
      await (await startJobWorker(new URL(worker), null, name, errors)).stop();
      console.log(name);
    }`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: scratch, encoding: 'utf8' });
  assert.is(run.status, 0, run.stderr);
  assert.equal(run.stdout.trim().split('\n'), ['read', 'parse', 'open']);
});

compiled('fingerprints its rendering code from the sources, as the TypeScript run does (no re-render when switching)', async () => {
  const fromDist = (await import(pathToFileURL(path.join(dist, 'build/render/renderer-id.js')).href)) as typeof import('../../scripts/build/render/renderer-id.js');
  assert.is(await fromDist.rendererId(), await rendererId());
  assert.is(await fromDist.publicRendererId(), await publicRendererId());
});

compiled.run();
