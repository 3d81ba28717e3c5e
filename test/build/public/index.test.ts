import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { renderPublic } from '../../../scripts/build/public/index.js';
import { paginate } from '../../../scripts/build/public/site.js';
import { sortPages, toAdvisoryPage } from '../../../scripts/build/public/site-data.js';
import { rejectsWithCode } from '../../helpers/assert.js';
import { makeView, samplePublicViews, sampleProgram } from '../csaf/sample-views.js';
import { csafErrors } from '../csaf/validate-csaf.js';
import { PROVIDER_METADATA } from './provider-metadata-schema.js';
import { ARMORED, FINGERPRINT, renderSample } from './render-sample.js';

const WHITE = '.well-known/csaf/white/';

test('renders index, one page per advisory, key page, CSS, feeds and the CSAF layout', async () => {
  const { byPath } = await renderSample();
  for (const path of ['index.html', 'key/index.html', 'assets/site.css', 'feed.json', 'atom.xml', '.well-known/csaf/provider-metadata.json', `${WHITE}index.txt`, `${WHITE}changes.csv`]) {
    assert.ok(byPath.has(path), path);
  }
  for (const view of samplePublicViews()) assert.ok(byPath.has(`advisories/${view.advisory.id.toLowerCase()}/index.html`), view.advisory.id);
  assert.ok(byPath.has('.well-known/csaf/openpgp/3A7F09C25D1B8E44A6F02B91C7D35E8014AF6B2C.asc'));
});

test('signs the CSAF documents, provider-metadata.json, the feeds and the advisory pages (feed-format §6)', async () => {
  const { files } = await renderSample();
  const signed = files.filter((f) => f.sign).map((f) => f.path);
  assert.ok(signed.includes('feed.json') && signed.includes('atom.xml') && signed.includes('.well-known/csaf/provider-metadata.json'));
  assert.is(signed.filter((p) => p.startsWith('advisories/')).length, samplePublicViews().length);
  assert.not.ok(signed.includes('index.html') || signed.includes('assets/site.css'));
  assert.ok(signed.filter((p) => p.startsWith(WHITE)).every((p) => p.endsWith('.json')));
  assert.is(signed.filter((p) => p.startsWith(WHITE)).length, samplePublicViews().length);
});

test('index lists advisories newest first with severity badges and marks the withdrawn one', async () => {
  const html = (await renderSample()).text('index.html');
  const ids = [...html.matchAll(/<span class="adv-id">([^<]+)<\/span>/g)].map((m) => m[1]);
  assert.equal(ids, ['ADV-2025-0002', 'ADV-2025-0003', 'ADV-2025-0001', 'ADV-2025-0004', 'ADV-2024-0107']);
  assert.match(html, /<span class="badge sev-critical">Critical<\/span>/);
  assert.match(html, /<tr class="is-withdrawn">[\s\S]*?ADV-2025-0003[\s\S]*?Withdrawn/);
  assert.match(html, /<html lang="en">/);
  assert.match(html, /<main id="main"/);
});

test('advisory page shows severity, CVSS, CVEs, versions table, history, credits, references', async () => {
  const html = (await renderSample()).text('advisories/adv-2025-0002/index.html');
  assert.match(html, /<h1>Information disclosure in Example Gateway<\/h1>/);
  assert.match(html, /6\.5 <span class="muted">\(Medium\)<\/span>/);
  assert.match(html, /CVSS:3\.1\/AV:N\/AC:L\/PR:L\/UI:N\/S:U\/C:H\/I:N\/A:N/);
  assert.match(html, />CVE-2025-10002<\/a>, <a[^>]*>CVE-2025-10003<\/a>/);
  assert.match(html, /<th scope="row">Example Gateway<\/th><td>&lt; 2\.8\.1<\/td><td>2\.8\.1, 2\.7\.9<\/td>/);
  assert.match(html, /<td>2<\/td><td><time datetime="2025-08-05">2025-08-05<\/time><\/td><td>Added the fix for the 2\.7 branch\.<\/td>/);
  assert.match(html, /No fix yet/);
  const withdrawn = (await renderSample()).text('advisories/adv-2025-0003/index.html');
  assert.match(withdrawn, /<strong>Withdrawn\.<\/strong> This advisory has been withdrawn: The issue was a duplicate/);
});

test('key page shows the fingerprint, the armoured key and gpg --verify', async () => {
  const html = (await renderSample()).text('key/index.html');
  assert.match(html, /3A7F 09C2 5D1B 8E44 A6F0 2B91 C7D3 5E80 14AF 6B2C/);
  assert.ok(html.includes('-----BEGIN PGP PUBLIC KEY BLOCK-----'));
  assert.match(html, /gpg --verify/);
});

test('CSAF layout: every document validates, sits in its year folder, with matching hashes', async () => {
  const r = await renderSample();
  const index = r.text(`${WHITE}index.txt`).trim().split('\n');
  assert.equal(index, ['2024/adv-2024-0107.json', '2025/adv-2025-0001.json', '2025/adv-2025-0002.json', '2025/adv-2025-0003.json', '2025/adv-2025-0004.json']);
  for (const name of index) {
    const doc = r.byPath.get(`${WHITE}${name}`)!;
    const parsed = JSON.parse(new TextDecoder().decode(doc.data)) as { document: { tracking: { initial_release_date: string } } };
    assert.equal(await csafErrors(parsed), [], name);
    assert.is(parsed.document.tracking.initial_release_date.slice(0, 4), name.slice(0, 4));
    for (const algorithm of ['sha256', 'sha512'] as const) {
      const expected = createHash(algorithm).update(doc.data).digest('hex');
      assert.is(r.text(`${WHITE}${name}.${algorithm}`), `${expected}  ${name.slice(5)}\n`);
    }
  }
});

test('changes.csv is newest first, quoted, without a heading', async () => {
  const lines = (await renderSample()).text(`${WHITE}changes.csv`).trim().split('\n');
  assert.is(lines[0], '"2025/adv-2025-0002.json","2025-08-05T09:30:00Z"');
  const dates = lines.map((l) => /,"([^"]+)"$/.exec(l)![1]!);
  assert.equal(dates, [...dates].sort().reverse());
});

test('provider-metadata.json matches the CSAF 2.0 provider schema and names the key', async () => {
  const ajv = new Ajv({ allErrors: true });
  addFormats.default(ajv);
  const metadata = JSON.parse((await renderSample()).text('.well-known/csaf/provider-metadata.json')) as Record<string, unknown>;
  const validate = ajv.compile(PROVIDER_METADATA);
  assert.ok(validate(metadata), JSON.stringify(validate.errors));
  assert.equal(metadata.public_openpgp_keys, [
    { fingerprint: '3A7F09C25D1B8E44A6F02B91C7D35E8014AF6B2C', url: 'https://security.example.com/.well-known/csaf/openpgp/3A7F09C25D1B8E44A6F02B91C7D35E8014AF6B2C.asc' },
  ]);
  assert.is(metadata.last_updated, '2025-08-05T09:30:00Z');
});

test('is deterministic: two renders give the same bytes', async () => {
  const a = await renderSample();
  const b = await renderSample();
  assert.equal(a.files.map((f) => f.path), b.files.map((f) => f.path));
  for (const file of a.files) assert.ok(Buffer.from(file.data).equals(Buffer.from(b.byPath.get(file.path)!.data)), file.path);
});

test('pages carry no build time: only atom.xml changes with now', async () => {
  const program = sampleProgram();
  const publisher = { fingerprint: FINGERPRINT, armored: ARMORED };
  const a = await renderPublic(samplePublicViews(), { program, now: '2025-09-10T00:00:00Z', publisher });
  const b = await renderPublic(samplePublicViews(), { program, now: '2026-01-01T00:00:00Z', publisher });
  const changed = a.filter((f, i) => !Buffer.from(f.data).equals(Buffer.from(b[i]!.data))).map((f) => f.path);
  assert.equal(changed, ['atom.xml']);
});

test('renders the same files from any working directory (no config file is picked up from cwd)', async () => {
  const here = await renderSample();
  const cwd = process.cwd();
  process.chdir(tmpdir());
  try {
    const there = await renderSample();
    assert.equal(there.files.map((f) => f.path), here.files.map((f) => f.path));
  } finally {
    process.chdir(cwd);
  }
});

test('every page is structured for assistive technology: lang, landmarks, one h1, no skipped heading level, scoped headers', async () => {
  const r = await renderSample();
  const pages = r.files.filter((f) => f.path.endsWith('.html'));
  assert.ok(pages.length >= 7);
  for (const { path } of pages) {
    const html = r.text(path);
    assert.match(html, /<html lang="en">/, path);
    for (const landmark of ['<header', '<nav aria-label=', '<main id="main"', '<footer']) assert.ok(html.includes(landmark), `${path}: ${landmark}`);
    const levels = [...html.matchAll(/<h([1-6])[\s>]/g)].map((m) => Number(m[1]));
    assert.is(levels.filter((l) => l === 1).length, 1, `${path}: one h1`);
    assert.is(levels[0], 1, `${path}: h1 first`);
    levels.forEach((level, i) => assert.ok(i === 0 || level <= levels[i - 1]! + 1, `${path}: h${levels[i - 1]} then h${level}`));
    for (const th of html.match(/<th[\s>][^>]*>?/g) ?? []) assert.match(th, /scope="(col|row)"/, `${path}: ${th}`);
    assert.not.match(html, /<script/i, `${path}: no JavaScript`);
  }
});

test('renders an empty site when nothing is public yet', async () => {
  const r = await renderSample([]);
  assert.match(r.text('index.html'), /No advisories have been published yet/);
  assert.is(r.text(`${WHITE}index.txt`), '');
});

test('refuses a view of a higher tier with PUBLIC_VIEW_NOT_PUBLIC', async () => {
  const views = [...samplePublicViews(), makeView({ id: 'ADV-2025-0100' }, { topTier: 'details' })];
  await rejectsWithCode(renderPublic(views, { program: sampleProgram(), now: '2025-09-10T00:00:00Z', publisher: { fingerprint: FINGERPRINT, armored: ARMORED } }), 'PUBLIC_VIEW_NOT_PUBLIC');
});

test('refuses two views that map to one page with PUBLIC_PATH_CLASH', async () => {
  const views = [makeView({ id: 'ADV-2025-0100' }), makeView({ id: 'ADV-2025-0100', title: 'Again' })];
  await rejectsWithCode(renderPublic(views, { program: sampleProgram(), now: '2025-09-10T00:00:00Z', publisher: { fingerprint: FINGERPRINT, armored: ARMORED } }), 'PUBLIC_PATH_CLASH');
});

test('index pages hold 100 advisories each and link to each other', async () => {
  const pages = sortPages(Array.from({ length: 250 }, (_, i) => toAdvisoryPage(makeView({ id: `ADV-2025-${String(i).padStart(4, '0')}` }))));
  const listings = paginate(pages);
  assert.equal(listings.map((l) => [l.path, l.items.length, l.prev, l.next]), [
    ['', 100, null, 'page/2/'],
    ['page/2/', 100, './', 'page/3/'],
    ['page/3/', 50, 'page/2/', null],
  ]);
});

test.run();
