/**
 * Hostile content and configuration (threat model: "a malicious advisory author or pull request").
 * Every case starts from a good, built repository, adds one bad file, and asserts that the build
 * stops with BUILD_CONTENT_INVALID naming the problem's code AND that the previous output is
 * byte-identical; then the bad file is taken away again for the next case.
 */
import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { stringify } from 'yaml';
import { corpusKey, KEY_EPOCH } from '../helpers/corpus.js';
import { makeKey } from '../helpers/keys.js';
import { loadContent } from '../../scripts/content/load-content.js';
import { rejectsWithCode } from '../helpers/assert.js';
import { openAs } from '../build/fixture.js';
import { build, builtCorpus, LATER, refusedUntouched, type Built } from './world.js';

let b: Built;
let outside: string; // a folder outside the content root, for symlinks to point at

const front = (data: Record<string, unknown>, body = 'Text.\n') => `---\n${stringify(data)}---\n${body}`;
const advisory = (extra: Record<string, unknown> = {}) => ({
  id: 'ADV-2025-0009', title: 'T', summary: 'S', severity: 'low', products: [{ name: 'W', affected: '< 1' }],
  tier: 'public', release: { public: '2025-06-01' }, status: 'published', ...extra,
});
const partner = (extra: Record<string, unknown> = {}) => ({
  id: 'mallory', name: 'Mallory', contact: 'm@mallory.example', groups: ['partners'], status: 'active', keys: ['mallory.asc'], ...extra,
});

/** Runs `setup`, expects the refusal, then removes every path `setup` returned. */
async function refused(code: string | string[], setup: () => Promise<string[]>): Promise<void> {
  const added = await setup();
  try {
    await refusedUntouched(b, code);
  } finally {
    for (const rel of added) await rm(path.join(b.corpus.root, rel), { recursive: true, force: true });
  }
}
const adv = (text: string, name = 'ADV-2025-0009.md') => async () => {
  await b.corpus.file(`advisories/${name}`, text);
  return [`advisories/${name}`];
};
const withKey = async (file = 'mallory.asc', key?: string): Promise<string> => {
  await b.corpus.file(`partners/keys/${file}`, key ?? (await corpusKey({ name: 'Mallory' })).public);
  return `partners/keys/${file}`;
};
const mallory = (extra: Record<string, unknown>, key?: string) => async () => [
  await withKey('mallory.asc', key),
  await (async () => { await b.corpus.file('partners/mallory.md', front(partner(extra))); return 'partners/mallory.md'; })(),
];

const paths = suite('adversarial content: path tricks in ids, key paths and symlinks');
paths.before(async () => {
  b = await builtCorpus();
  outside = await mkdtemp(path.join(tmpdir(), 'advisory-feed-outside-'));
});
paths.after(async () => {
  await b.corpus.dispose();
  await rm(outside, { recursive: true, force: true });
});

paths('an advisory id with ../, a slash, a backslash, NUL or 5,000 characters: FIELD_INVALID', async () => {
  for (const id of ['../../etc/passwd', 'ADV-2025-0009/../../x', '/abs/ADV-2025-0009', 'ADV-2025-0009\\..\\x', 'ADV-2025-0009\u0000', `ADV-2025-${'9'.repeat(5000)}`]) {
    await refused('FIELD_INVALID', adv(front(advisory({ id }))));
  }
});

paths('an advisory whose id is not its file name: ID_FILE_MISMATCH', async () => {
  await refused('ID_FILE_MISMATCH', adv(front(advisory({ id: 'ADV-2025-0001' }))));
});

paths('a partner id with traversal, NUL, a backslash or 5,000 characters: FIELD_INVALID', async () => {
  for (const id of ['../evil', '/etc/evil', 'a\\b', 'evil\u0000', 'x'.repeat(5000), 'Evil']) {
    await refused('FIELD_INVALID', mallory({ id }));
  }
});

paths('a key path that leaves partners/keys (../, absolute, backslash, NUL, 5,000 characters): refused before it is read', async () => {
  for (const key of ['../../../etc/passwd', '/etc/passwd', '..\\..\\secret.asc', 'a\u0000.asc', `${'k'.repeat(5000)}.asc`, 'keys/../../x.asc']) {
    await refused(['PATH_UNSAFE', 'FIELD_INVALID'], mallory({ keys: [key] }));
  }
});

paths('a group id with traversal in program.yaml (it becomes a folder name): FIELD_INVALID', async () => {
  for (const id of ['../escape', '/abs', 'a/b', 'a\\b', 'UPPER', 'x'.repeat(65)]) {
    await b.corpus.writeProgram([
      { id: 'public', tiers: ['public'], public: true },
      { id: 'partners', tiers: ['public', 'partner'] },
      { id: 'trusted', tiers: ['public', 'partner', 'poc'] },
      { id, tiers: ['public'] },
    ]);
    try {
      await refusedUntouched(b, 'FIELD_INVALID');
    } finally {
      await b.corpus.writeProgram([
        { id: 'public', tiers: ['public'], public: true },
        { id: 'partners', tiers: ['public', 'partner'] },
        { id: 'trusted', tiers: ['public', 'partner', 'poc'] },
      ]);
    }
  }
});

paths('a symlinked advisory pointing outside the root: PATH_UNSAFE', async () => {
  await writeFile(path.join(outside, 'ADV-2025-0009.md'), front(advisory(), 'CANARY-OUTSIDE\n'));
  await refused('PATH_UNSAFE', async () => {
    await symlink(path.join(outside, 'ADV-2025-0009.md'), path.join(b.corpus.root, 'advisories/ADV-2025-0009.md'));
    return ['advisories/ADV-2025-0009.md'];
  });
});

paths('a symlinked partner file or key file pointing outside the root: PATH_UNSAFE', async () => {
  await writeFile(path.join(outside, 'mallory.md'), front(partner()));
  await writeFile(path.join(outside, 'mallory.asc'), (await corpusKey({ name: 'Outside' })).public);
  await refused('PATH_UNSAFE', async () => {
    await withKey();
    await symlink(path.join(outside, 'mallory.md'), path.join(b.corpus.root, 'partners/mallory.md'));
    return ['partners/mallory.md', 'partners/keys/mallory.asc'];
  });
  await refused('PATH_UNSAFE', async () => {
    await b.corpus.file('partners/mallory.md', front(partner()));
    await symlink(path.join(outside, 'mallory.asc'), path.join(b.corpus.root, 'partners/keys/mallory.asc'));
    return ['partners/mallory.md', 'partners/keys/mallory.asc'];
  });
});

paths('advisory file names with a newline, a backslash or 200 characters: refused (PATH_UNSAFE or ID_FILE_MISMATCH)', async () => {
  for (const name of ['ADV-2025-0009\n.md', 'ADV-2025-0009\\x.md', `ADV-2025-0009${'9'.repeat(190)}.md`]) {
    await refused(['PATH_UNSAFE', 'ID_FILE_MISMATCH', 'FIELD_INVALID'], adv(front(advisory()), name));
  }
});

paths('an advisory entry that is a symlink to a folder outside the root: PATH_UNSAFE', async () => {
  await refused('PATH_UNSAFE', async () => {
    await symlink(outside, path.join(b.corpus.root, 'advisories/ADV-2025-0009.md'));
    return ['advisories/ADV-2025-0009.md'];
  });
});

paths('a symlink to /etc/passwd named as the publisher key: PATH_UNSAFE, and no byte of it is read into a message', async () => {
  await refused('PATH_UNSAFE', async () => {
    await symlink('/etc/passwd', path.join(b.corpus.root, 'partners/keys/passwd.asc'));
    await b.corpus.file('partners/mallory.md', front(partner({ keys: ['passwd.asc'] })));
    return ['partners/mallory.md', 'partners/keys/passwd.asc'];
  });
});

const yaml = suite('adversarial content: hostile YAML and bytes');
yaml.before(async () => {
  b = await builtCorpus();
});
yaml.after(() => b.corpus.dispose());

yaml('a billion-laughs alias bomb: YAML_INVALID, quickly', async () => {
  const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < 10; i++) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
  await refused('YAML_INVALID', adv(`---\n${levels.join('\n')}\nid: ADV-2025-0009\n---\nx\n`));
});

yaml('a document over the size cap (2 MiB): FILE_UNREADABLE', async () => {
  await refused('FILE_UNREADABLE', adv(front(advisory(), `${'A'.repeat(2 * 1024 * 1024)}\n`)));
});

yaml('a key given twice (the second would silently win): YAML_DUPLICATE_KEY', async () => {
  await refused('YAML_DUPLICATE_KEY', adv(`${front(advisory()).replace('tier: public', 'tier: poc\ntier: public')}`));
});

yaml('bytes that are not UTF-8: FILE_UNREADABLE', async () => {
  await refused('FILE_UNREADABLE', async () => {
    const text = Buffer.concat([Buffer.from(front(advisory())), Buffer.from([0xff, 0xfe, 0xc3, 0x28])]);
    await writeFile(path.join(b.corpus.root, 'advisories/ADV-2025-0009.md'), text);
    return ['advisories/ADV-2025-0009.md'];
  });
});

yaml('front matter that is a list, a scalar, empty, or ---js (would be evaluated): YAML_NOT_MAPPING', async () => {
  for (const text of ['---\n- a\n- b\n---\nx\n', '---\njust a string\n---\nx\n', '---\n---\nx\n', '---js\n{ id: (() => { throw new Error("evaluated") })() }\n---\nx\n', 'no front matter at all\n']) {
    await refused('YAML_NOT_MAPPING', adv(text));
  }
});

yaml('a YAML tag that builds an object (!!binary) where text belongs: FIELD_INVALID (unknown tags such as !!js/function stay plain strings)', async () => {
  await refused('FIELD_INVALID', adv(front(advisory()).replace('title: T', 'title: !!binary aGVsbG8=')));
});

yaml('__proto__ and constructor keys stay plain keys (FIELD_UNKNOWN, TIER_UNKNOWN): no prototype is polluted', async () => {
  await refused('FIELD_UNKNOWN', adv(front(advisory()).replace('title: T', 'title: T\n__proto__:\n  polluted: yes')));
  await refused('TIER_UNKNOWN', adv(front(advisory()).replace('release:', 'release:\n  __proto__: 2025-01-01\n  constructor: 2025-01-01')));
  assert.is(({} as Record<string, unknown>).polluted, undefined);
});

const keys = suite('adversarial content: partner keys');
keys.before(async () => {
  b = await builtCorpus();
});
keys.after(() => b.corpus.dispose());

keys('a secret key committed in partners/ (named, unnamed, or pasted in notes): KEY_SECRET', async () => {
  const secret = (await corpusKey({ name: 'Oops' })).secret;
  await refused('KEY_SECRET', mallory({}, secret));
  await refused('KEY_SECRET', async () => [await withKey('stray.asc', secret)]);
  await refused('KEY_SECRET', async () => {
    await b.corpus.file('partners/notes.txt', `pasted by mistake:\n${secret}`);
    return ['partners/notes.txt'];
  });
});

keys('weak and unsupported keys: RSA-1024 KEY_WEAK, v6 and RFC 9580 X25519 KEY_UNSUPPORTED', async () => {
  await refused('KEY_WEAK', mallory({}, (await makeKey({ type: 'rsa', rsaBits: 1024, created: KEY_EPOCH })).public));
  await refused('KEY_UNSUPPORTED', mallory({}, (await makeKey({ v6: true, created: KEY_EPOCH })).public));
  await refused('KEY_UNSUPPORTED', mallory({}, (await makeKey({ type: 'curve25519', created: KEY_EPOCH })).public));
});

keys('a sign-only key: KEY_CANNOT_ENCRYPT; a key created after --now (not yet valid): refused, never a recipient', async () => {
  await refused('KEY_CANNOT_ENCRYPT', mallory({}, (await corpusKey({ signOnly: true })).public));
  const future = await makeKey({ created: new Date('2030-01-01T00:00:00Z') });
  await refused(['KEY_CANNOT_ENCRYPT', 'PARTNER_NO_KEY'], mallory({}, future.public));
});

keys('expired and revoked keys: check refuses them; the build leaves them out with a warning, and they open nothing', async () => {
  for (const [code, key] of [['KEY_EXPIRED', await corpusKey({ expiresIn: 86_400 })], ['KEY_REVOKED', await corpusKey({ revoked: true })]] as const) {
    const added = await mallory({}, key.public)();
    try {
      const { problems } = await loadContent(b.corpus.root, { now: new Date(LATER) });
      assert.ok(problems.some((p) => p.code === code), `check reports ${code}`);
      const ctx = await build(b.corpus, b.out, LATER);
      assert.ok(ctx.warnings.some((w) => w.code === 'KEY_UNUSABLE' && w.path === 'partners/keys/mallory.asc'), 'the build warns');
      const index = await readFile(path.join(b.out, 'groups/partners/index.pgp'));
      await rejectsWithCode(openAs(key, b.corpus.publisher, index), 'DECRYPT_FAILED');
      await openAs(b.members.partners, b.corpus.publisher, index);
    } finally {
      for (const rel of added) await rm(path.join(b.corpus.root, rel), { force: true });
    }
  }
});

keys('garbage armour and two keys in one file: KEY_UNREADABLE', async () => {
  await refused('KEY_UNREADABLE', mallory({}, '-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nnot base64 !!!\n-----END PGP PUBLIC KEY BLOCK-----\n'));
  const two = `${(await corpusKey()).public}\n${(await corpusKey()).public}`;
  await refused('KEY_UNREADABLE', mallory({}, two));
});

paths.run();
yaml.run();
keys.run();
