/**
 * The public site in a real browser: build the files for sample views into a temporary folder,
 * serve it on 127.0.0.1 with node:http, open it in headless Chromium (Debian's /usr/bin/chromium,
 * driven by playwright-core), check the index and one advisory page, and save the screenshot the
 * README shows (docs/images/public-site.png). Skipped, saying so, only when Chromium is missing.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { chromium, type BrowserContext } from 'playwright-core';
import { makeView, samplePublicViews } from '../csaf/sample-views.js';
import { renderSample } from './render-sample.js';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOT = fileURLToPath(new URL('../../../docs/images/public-site.png', import.meta.url));
const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.css': 'text/css', '.json': 'application/json', '.xml': 'application/atom+xml', '.asc': 'text/plain' };

/** Sample views without the hostile one, plus a few more so the index looks like a real one. */
function showcaseViews() {
  const more = [
    makeView({ id: 'ADV-2025-0011', title: 'SQL injection in Example Billing reporting API', severity: 'high', cvss: { vector: 'CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:N', score: 8.1 }, cve: ['CVE-2025-10011'], products: [{ name: 'Example Billing', affected: '>= 7.0, < 7.3.2', fixed: '7.3.2' }], release: { public: '2025-09-02T00:00:00Z' }, revisions: [{ date: '2025-09-02T00:00:00Z', note: 'Initial publication.' }] }),
    makeView({ id: 'ADV-2025-0010', title: 'Cross-site scripting in Example Console login page', severity: 'medium', cvss: { vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N', score: 6.1 }, cve: ['CVE-2025-10010'], products: [{ name: 'Example Console', affected: '< 5.4.0', fixed: '5.4.0' }], release: { public: '2025-08-20T00:00:00Z' }, revisions: [{ date: '2025-08-20T00:00:00Z', note: 'Initial publication.' }] }),
    makeView({ id: 'ADV-2025-0008', title: 'Authentication bypass in Example Gateway management interface', severity: 'critical', cvss: { vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', score: 9.8 }, cve: ['CVE-2025-10008'], products: [{ name: 'Example Gateway', affected: '>= 3.0, < 3.2.4', fixed: '3.2.4' }], release: { public: '2025-07-15T00:00:00Z' }, revisions: [{ date: '2025-07-15T00:00:00Z', note: 'Initial publication.' }, { date: '2025-07-18T00:00:00Z', note: 'Exploitation observed in the wild.' }] }),
  ];
  return [...samplePublicViews().filter((v) => v.advisory.id !== 'ADV-2025-0004'), ...more];
}

async function serve(root: string): Promise<Server> {
  const server = createServer((req, res) => {
    void (async () => {
      let path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
      if (path.endsWith('/')) path += 'index.html';
      try {
        const body = await readFile(join(root, path));
        res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' });
        res.end(body);
      } catch {
        res.writeHead(404).end('not found');
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

if (!existsSync(CHROMIUM)) {
  test(`SKIPPED: ${CHROMIUM} is missing (apt-get install chromium; .ci/run installs it)`, () => {
    console.warn(`browser test skipped: ${CHROMIUM} not found`);
  });
} else {
  let dir = '';
  let profile = '';
  let server: Server | undefined;
  let context: BrowserContext | undefined;
  let base = '';

  test.before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'advisory-feed-site-'));
    profile = await mkdtemp(join(tmpdir(), 'advisory-feed-chromium-'));
    const { files } = await renderSample(showcaseViews());
    for (const file of files) {
      await mkdir(dirname(join(dir, file.path)), { recursive: true });
      await writeFile(join(dir, file.path), file.data);
    }
    server = await serve(dir);
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      javaScriptEnabled: false, // the site must read without JavaScript
      viewport: { width: 1280, height: 860 },
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });

  test.after(async () => {
    await context?.close();
    await new Promise((resolve) => (server === undefined ? resolve(undefined) : server.close(resolve)));
    await rm(dir, { recursive: true, force: true });
    await rm(profile, { recursive: true, force: true });
  });

  test('the index lists the advisories newest first, styled, with severity badges; screenshot saved', async () => {
    const page = await context!.newPage();
    const response = await page.goto(base);
    assert.is(response?.status(), 200);
    assert.is(await page.title(), 'Security advisories | Example Systems Security Advisories');
    assert.is(await page.locator('h1').innerText(), 'Security advisories');
    const ids = await page.locator('tbody .adv-id').allInnerTexts();
    assert.equal(ids.slice(0, 3), ['ADV-2025-0011', 'ADV-2025-0010', 'ADV-2025-0002']);
    assert.is(await page.locator('tbody tr').count(), showcaseViews().length);
    assert.is(await page.locator('tbody tr').first().locator('.badge').innerText(), 'HIGH'); // CSS upper-cases the label
    // The stylesheet loaded: the masthead has its dark background.
    const background = await page.evaluate<string>("getComputedStyle(document.querySelector('.masthead')).backgroundColor");
    assert.is(background, 'rgb(11, 37, 69)');
    assert.ok(await page.locator('tr.is-withdrawn').count() === 1);
    await mkdir(dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: false });
    await page.close();
  });

  test('an advisory page opens from the index and shows CVSS, versions, history and references', async () => {
    const page = await context!.newPage();
    await page.goto(base);
    await page.getByRole('link', { name: 'Information disclosure in Example Gateway' }).click();
    assert.is(new URL(page.url()).pathname, '/advisories/adv-2025-0002/');
    assert.is(await page.locator('h1').innerText(), 'Information disclosure in Example Gateway');
    const facts = await page.locator('.facts').innerText();
    assert.match(facts, /6\.5 \(Medium\)/);
    assert.match(facts, /CVSS:3\.1\/AV:N\/AC:L\/PR:L\/UI:N\/S:U\/C:H\/I:N\/A:N/);
    assert.match(facts, /CVE-2025-10002, CVE-2025-10003/);
    const rows = await page.locator('table.products tbody tr').allInnerTexts();
    assert.equal(rows.map((r) => r.replace(/\s+/g, ' ').trim()), ['Example Gateway < 2.8.1 2.8.1, 2.7.9', 'Example Gateway 3.0.0 3.0.1', 'Example Agent all versions before 1.4 No fix yet']);
    assert.is(await page.locator('table.history tbody tr').count(), 2);
    assert.is(await page.locator('main h2').first().innerText(), 'Summary');
    // The CSAF link works from the page.
    const csaf = await page.getByRole('link', { name: 'CSAF 2.0 document' }).getAttribute('href');
    const doc = await page.request.get(new URL(csaf!, page.url()).href);
    assert.is(((await doc.json()) as { document: { tracking: { id: string } } }).document.tracking.id, 'ADV-2025-0002');
    await page.close();
  });

  test('a withdrawn advisory is marked on its page', async () => {
    const page = await context!.newPage();
    await page.goto(`${base}advisories/adv-2025-0003/`);
    assert.match(await page.locator('.notice').innerText(), /^Withdrawn\. This advisory has been withdrawn: The issue was a duplicate of ADV-2025-0001\./);
    await page.close();
  });

  test('the key page shows the fingerprint and the gpg --verify steps', async () => {
    const page = await context!.newPage();
    await page.goto(`${base}key/`);
    assert.match(await page.locator('.fingerprint').innerText(), /3A7F 09C2 5D1B 8E44 A6F0 2B91 C7D3 5E80 14AF 6B2C/);
    assert.match(await page.locator('main').innerText(), /gpg --verify/);
    await page.close();
  });
}

test.run();
