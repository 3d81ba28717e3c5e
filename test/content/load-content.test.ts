import { mkdir, symlink, writeFile, cp, rm } from 'node:fs/promises';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { loadContent, type ContentProblem } from '../../scripts/content/index.js';
import { FIXTURES, NOW, fixtureRoot } from './fixture-root.js';

const A = 'advisories/ADV-2025-0001.md';
const P = 'partners/alpha.md';

/** Each bad input of issue 2: fixture folder under test/fixtures/content/bad, code, `path:line`. */
const CASES: { fixture: string; code: string; at: string; keys?: string[] }[] = [
  { fixture: 'field-unknown', code: 'FIELD_UNKNOWN', at: `${A}:4` },
  { fixture: 'field-missing', code: 'FIELD_MISSING', at: `${A}:2` },
  { fixture: 'tier-unknown', code: 'TIER_UNKNOWN', at: `${A}:12` },
  { fixture: 'release-tier-unknown', code: 'TIER_UNKNOWN', at: `${A}:14` },
  { fixture: 'release-below-tier', code: 'FIELD_INVALID', at: `${A}:16` },
  { fixture: 'group-unknown', code: 'GROUP_UNKNOWN', at: `${P}:5` },
  { fixture: 'id-duplicate', code: 'ID_DUPLICATE', at: 'advisories/ADV-2025-0003.md:2' },
  { fixture: 'id-file-mismatch', code: 'ID_FILE_MISMATCH', at: `${A}:2` },
  { fixture: 'id-invalid', code: 'FIELD_INVALID', at: `${A}:2` },
  { fixture: 'date-invalid', code: 'DATE_INVALID', at: `${A}:16` },
  { fixture: 'date-order-release', code: 'DATE_ORDER', at: `${A}:14` },
  { fixture: 'date-order-revisions', code: 'DATE_ORDER', at: `${A}:20` },
  { fixture: 'cvss-invalid', code: 'FIELD_INVALID', at: `${A}:6` },
  { fixture: 'cvss-score-mismatch', code: 'FIELD_INVALID', at: `${A}:8` },
  { fixture: 'cve-invalid', code: 'FIELD_INVALID', at: `${A}:7` },
  { fixture: 'withdrawn-no-reason', code: 'FIELD_MISSING', at: `${A}:22` },
  { fixture: 'section-tier-unknown', code: 'SECTION_TIER_UNKNOWN', at: `${A}:36` },
  { fixture: 'section-mistyped', code: 'SECTION_TIER_UNKNOWN', at: `${A}:36` },
  { fixture: 'section-unclosed', code: 'SECTION_UNCLOSED', at: `${A}:36` },
  { fixture: 'section-nested', code: 'SECTION_NESTED', at: `${A}:38` },
  { fixture: 'section-below-advisory', code: 'SECTION_BELOW_ADVISORY', at: `${A}:32` },
  { fixture: 'key-missing', code: 'KEY_MISSING', at: `${P}:7` },
  { fixture: 'key-path-traversal', code: 'PATH_UNSAFE', at: `${P}:7` },
  { fixture: 'key-garbage', code: 'KEY_UNREADABLE', at: `${P}:7`, keys: ['garbage.asc'] },
  { fixture: 'key-secret', code: 'KEY_SECRET', at: `${P}:7`, keys: ['secret.asc'] },
  { fixture: 'key-expired', code: 'KEY_EXPIRED', at: `${P}:7`, keys: ['expired.asc'] },
  { fixture: 'key-revoked', code: 'KEY_REVOKED', at: `${P}:7`, keys: ['revoked.asc'] },
  { fixture: 'key-rsa-1024', code: 'KEY_WEAK', at: `${P}:7`, keys: ['rsa-1024.asc'] },
  { fixture: 'key-dsa', code: 'KEY_WEAK', at: `${P}:7`, keys: ['dsa.asc'] },
  { fixture: 'key-v6', code: 'KEY_UNSUPPORTED', at: `${P}:7`, keys: ['v6.asc'] },
  { fixture: 'key-x25519-v4', code: 'KEY_UNSUPPORTED', at: `${P}:7`, keys: ['x25519-v4.asc'] },
  { fixture: 'key-sign-only', code: 'KEY_CANNOT_ENCRYPT', at: `${P}:7`, keys: ['sign-only.asc'] },
  { fixture: 'partner-no-key', code: 'PARTNER_NO_KEY', at: `${P}:7` },
  { fixture: 'status-no-date', code: 'FIELD_MISSING', at: `${P}:6` },
  { fixture: 'group-empty', code: 'GROUP_EMPTY', at: 'partners/program.yaml:36' },
  { fixture: 'public-group-tiers', code: 'CONFIG_INVALID', at: 'partners/program.yaml:31' },
  { fixture: 'program-unknown-field', code: 'FIELD_UNKNOWN', at: 'partners/program.yaml:42' },
  { fixture: 'yaml-not-mapping', code: 'YAML_NOT_MAPPING', at: `${A}:2` },
  { fixture: 'yaml-duplicate-key', code: 'YAML_DUPLICATE_KEY', at: `${A}:6` },
  { fixture: 'yaml-invalid', code: 'YAML_INVALID', at: `${A}:8` },
  { fixture: 'yaml-alias-bomb', code: 'YAML_INVALID', at: `${A}:1` },
  { fixture: 'front-matter-js', code: 'YAML_NOT_MAPPING', at: `${A}:1` },
  { fixture: 'not-utf8', code: 'FILE_UNREADABLE', at: `${A}:1` },
];

const where = (p: ContentProblem) => `${p.path}:${p.line}`;
const list = (problems: ContentProblem[]) => problems.map((p) => p.format()).join('\n');

const fixtures = suite('loadContent fixtures');

fixtures('the valid fixture has no problems', async () => {
  const root = await fixtureRoot();
  try {
    const { content, problems } = await loadContent(root.root, { now: NOW });
    assert.is(list(problems), '');
    assert.is(content.advisories.length, 2);
    assert.equal(content.advisories[0]?.segments.map((s) => s.tier), [null, 'partner', 'poc']);
    assert.equal(content.advisories[1]?.segments.map((s) => s.tier), [null], 'markers in code and comments are not sections');
  } finally {
    await root.remove();
  }
});

fixtures('reading the advisories ahead in a worker loads the same content and problems', async () => {
  for (const fixture of [undefined, 'not-utf8', 'id-duplicate']) {
    const root = await fixtureRoot(fixture);
    try {
      const inThread = await loadContent(root.root, { now: NOW, readAhead: false });
      const ahead = await loadContent(root.root, { now: NOW, readAhead: true });
      assert.equal(ahead.content, inThread.content, fixture);
      assert.is(list(ahead.problems), list(inThread.problems), fixture);
      // With the parse cache: parsed, then from the cache with the worker sending only keys.
      const parsed = await loadContent(root.root, { now: NOW, readAhead: true, cache: true });
      const cached = await loadContent(root.root, { now: NOW, readAhead: true, cache: true });
      for (const loaded of [parsed, cached]) {
        assert.is(JSON.stringify(loaded.content), JSON.stringify(inThread.content), fixture);
        assert.is(list(loaded.problems), list(inThread.problems), fixture);
      }
      // Each file is parsed once; then every advisory that loaded without a problem comes from
      // the cache by the key the worker sent, its text never read in this thread.
      const files = inThread.tally.parsed;
      const clean = cached.tally.cached;
      assert.equal(inThread.tally, { parsed: files, cached: 0, keyOnly: 0, unread: 0 }, fixture);
      assert.equal(parsed.tally, { parsed: files, cached: 0, keyOnly: 0, unread: 0 }, fixture);
      assert.equal(cached.tally, { parsed: files - clean, cached: clean, keyOnly: clean, unread: 0 }, fixture);
      assert.ok(clean >= 1, fixture);
    } finally {
      await root.remove();
    }
  }
});

for (const c of CASES) {
  fixtures(`reports ${c.code} at ${c.at} (${c.fixture})`, async () => {
    const root = await fixtureRoot(c.fixture, c.keys);
    try {
      const { problems } = await loadContent(root.root, { now: NOW });
      const hit = problems.find((p) => p.code === c.code && where(p) === c.at);
      assert.ok(hit, `expected ${c.code} at ${c.at}, got:\n${list(problems)}`);
    } finally {
      await root.remove();
    }
  });
}

fixtures.run();

const runtime = suite('loadContent: files made at test time');

runtime('reports every problem of several broken files in one run', async () => {
  const root = await fixtureRoot('key-expired', ['expired.asc']);
  try {
    await cp(path.join(FIXTURES, 'bad/field-unknown/advisories/ADV-2025-0001.md'), path.join(root.root, A));
    await cp(path.join(FIXTURES, 'bad/section-unclosed/advisories/ADV-2025-0001.md'), path.join(root.root, 'advisories/ADV-2025-0002.md'));
    const { problems } = await loadContent(root.root, { now: NOW });
    const codes = new Set(problems.map((p) => p.code));
    for (const code of ['FIELD_UNKNOWN', 'SECTION_UNCLOSED', 'KEY_EXPIRED', 'ID_FILE_MISMATCH']) assert.ok(codes.has(code as never), `${code} missing:\n${list(problems)}`);
  } finally {
    await root.remove();
  }
});

runtime('refuses a secret key lying unreferenced in partners/keys with KEY_SECRET', async () => {
  const root = await fixtureRoot(undefined, ['secret.asc']);
  try {
    const { problems } = await loadContent(root.root, { now: NOW });
    assert.ok(problems.some((p) => p.code === 'KEY_SECRET' && where(p) === 'partners/keys/secret.asc:1'), list(problems));
  } finally {
    await root.remove();
  }
});

runtime('refuses a secret key pasted into a partner\'s notes with KEY_SECRET', async () => {
  const root = await fixtureRoot();
  try {
    const { readFile } = await import('node:fs/promises');
    const secret = await readFile(path.join(FIXTURES, 'keys/secret.asc'), 'utf8');
    await writeFile(path.join(root.root, P), `${await readFile(path.join(root.root, P), 'utf8')}\nOur key:\n${secret}`);
    const { problems } = await loadContent(root.root, { now: NOW });
    assert.ok(problems.some((p) => p.code === 'KEY_SECRET' && where(p) === `${P}:12`), list(problems));
  } finally {
    await root.remove();
  }
});

runtime('reads CRLF files with a BOM and keeps the lines right', async () => {
  const root = await fixtureRoot('date-order-release');
  try {
    const { readFile } = await import('node:fs/promises');
    const text = await readFile(path.join(root.root, A), 'utf8');
    await writeFile(path.join(root.root, A), `\uFEFF${text.replace(/\n/g, '\r\n')}`);
    const { problems } = await loadContent(root.root, { now: NOW });
    assert.equal(problems.map(where), [`${A}:14`], list(problems));
  } finally {
    await root.remove();
  }
});

runtime('refuses a symlink that leaves the root with PATH_UNSAFE', async () => {
  const root = await fixtureRoot();
  try {
    const outside = path.join(root.root, '..', `outside-${path.basename(root.root)}.md`);
    await writeFile(outside, '---\nid: ADV-2025-0007\n---\n');
    await symlink(outside, path.join(root.root, 'advisories/ADV-2025-0007.md'));
    const { problems } = await loadContent(root.root, { now: NOW });
    await rm(outside);
    assert.ok(problems.some((p) => p.code === 'PATH_UNSAFE' && where(p) === 'advisories/ADV-2025-0007.md:1'), list(problems));
  } finally {
    await root.remove();
  }
});

runtime('refuses a file over the size cap with FILE_UNREADABLE', async () => {
  const root = await fixtureRoot();
  try {
    await writeFile(path.join(root.root, 'advisories/ADV-2025-0008.md'), `---\nid: ADV-2025-0008\n---\n${'x'.repeat(1024 * 1024)}`);
    const { problems } = await loadContent(root.root, { now: NOW });
    assert.ok(problems.some((p) => p.code === 'FILE_UNREADABLE' && where(p) === 'advisories/ADV-2025-0008.md:1'), list(problems));
  } finally {
    await root.remove();
  }
});

runtime('reports a missing program.yaml with CONFIG_INVALID and still checks the advisories', async () => {
  const root = await fixtureRoot('field-unknown');
  try {
    await rm(path.join(root.root, 'partners/program.yaml'));
    await mkdir(path.join(root.root, 'partners'), { recursive: true });
    const { problems } = await loadContent(root.root, { now: NOW });
    assert.ok(problems.some((p) => p.code === 'CONFIG_INVALID' && where(p) === 'partners/program.yaml:1'), list(problems));
    assert.ok(problems.some((p) => p.code === 'FIELD_UNKNOWN'), list(problems));
  } finally {
    await root.remove();
  }
});

runtime('ignores expiry problems of a suspended partner but never a secret key', async () => {
  const root = await fixtureRoot(undefined, ['expired.asc', 'secret.asc']);
  try {
    const beta = path.join(root.root, 'partners/beta.md');
    const { readFile } = await import('node:fs/promises');
    const text = (await readFile(beta, 'utf8'))
      .replace('status: active', 'status: suspended\nstatus_date: 2026-01-01\nstatus_reason: Test.')
      .replace('keys: [beta.asc]', 'keys: [expired.asc, secret.asc]');
    await writeFile(beta, text);
    const { problems } = await loadContent(root.root, { now: NOW });
    assert.not.ok(problems.some((p) => p.code === 'KEY_EXPIRED'), list(problems));
    assert.ok(problems.some((p) => p.code === 'KEY_SECRET' && p.path === 'partners/beta.md'), list(problems));
  } finally {
    await root.remove();
  }
});

runtime('TLP 2.0 labels work as tier names, AMBER+STRICT included', async () => {
  const root = await fixtureRoot();
  try {
    const { readFile } = await import('node:fs/promises');
    const edit = async (rel: string, pairs: [RegExp, string][]) => {
      let text = await readFile(path.join(root.root, rel), 'utf8');
      for (const [from, to] of pairs) text = text.replace(from, to);
      await writeFile(path.join(root.root, rel), text);
    };
    await edit('partners/program.yaml', [
      [/- name: public\n/, '- name: CLEAR\n'],
      [/- name: partner\n/, '- name: AMBER\n'],
      [/- name: poc\n/, '- name: AMBER+STRICT\n'],
      [/tiers: \[public\]/, 'tiers: [CLEAR]'],
      [/tiers: \[public, partner\]/, 'tiers: [CLEAR, AMBER]'],
      [/tiers: \[public, partner, poc\]/, 'tiers: [CLEAR, AMBER, AMBER+STRICT]'],
    ]);
    await edit(A, [
      [/tier: public/, 'tier: CLEAR'],
      [/ {2}poc: /, '  AMBER+STRICT: '],
      [/ {2}partner: /, '  AMBER: '],
      [/ {2}public: /, '  CLEAR: '],
      [/::: tier partner/, '::: tier AMBER'],
      [/::: tier poc/, '::: tier AMBER+STRICT'],
    ]);
    await edit('advisories/ADV-2025-0002.md', [[/tier: partner/, 'tier: AMBER'], [/ {2}partner: /, '  AMBER: ']]);
    const { content, problems } = await loadContent(root.root, { now: NOW });
    assert.is(list(problems), '');
    assert.equal(content.advisories[0]?.segments.map((s) => s.tier), [null, 'AMBER', 'AMBER+STRICT']);
  } finally {
    await root.remove();
  }
});

runtime.run();
