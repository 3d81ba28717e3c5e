/**
 * The build must never publish a document its own clients refuse: one such advisory would take
 * every group's feed down (INDEX_INVALID for all partners), a denial of service any pull request
 * could cause. Every index and item of a build of unusual but valid content is parsed here with
 * the client's strict parsers (scripts/feed/parse-documents.ts), and polled for real.
 */
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { stringify } from 'yaml';
import { parseGroupIndex, parseItemDocument } from '../../scripts/feed/parse-documents.js';
import { openSealed, readCertificate, readSecretKey } from '../../scripts/feed/openpgp.js';
import { createFetcher, locateFeed, runPoll } from '../../scripts/poll/index.js';
import { build, builtCorpus, LATER } from './world.js';

const valid = suite('adversarial feed validity: valid content never yields a feed clients refuse');

valid('an advisory with no revisions (the field is optional) is listed as revision 1, and partners sync', async () => {
  const b = await builtCorpus();
  const front = { id: 'ADV-2025-0009', title: 'No revisions', summary: 'S', severity: 'low', products: [{ name: 'W', affected: '< 1' }], tier: 'public', release: { public: '2025-06-01' }, status: 'published' };
  await b.corpus.file('advisories/ADV-2025-0009.md', `---\n${stringify(front)}---\nBody\n`);
  await build(b.corpus, b.out, LATER);
  for (const [group, key] of [['partners', b.members.partners], ['trusted', b.members.trusted]] as const) {
    const keys = { decryptionKey: await readSecretKey(key.secret), publisher: await readCertificate(b.corpus.publisher.public) };
    const index = parseGroupIndex(await openSealed(await readFile(path.join(b.out, 'groups', group, 'index.pgp')), keys));
    assert.is(index.items.find((e) => e.id === 'ADV-2025-0009')?.revision, 1, group);
    for (const entry of index.items) parseItemDocument(await openSealed(await readFile(path.join(b.out, 'groups', group, entry.path)), keys));
    const work = path.join(b.out, '..', `poll-${group}`);
    await mkdir(work, { recursive: true });
    const location = locateFeed(path.join(b.out, 'groups', group), undefined, work);
    const result = await runPoll({
      location, keys, stateDir: path.join(work, 'state'), outDir: path.join(work, 'out'),
      fetcher: createFetcher(location.index, { retries: 0 }), now: () => new Date(LATER),
      maxIndexBytes: 4 * 1024 * 1024, maxItemBytes: 16 * 1024 * 1024,
    });
    assert.is(result.summary.new, index.items.length, `${group} mirrors every advisory`);
  }
  await b.corpus.dispose();
});


valid('odd but valid text (control characters, U+2028, RTL override, emoji, lone surrogates escaped) keeps every document parseable', async () => {
  const b = await builtCorpus();
  const odd = 'Odd \u0001\u0008 \u2028 \u202e evil \u{1F4A3} \\ud800 "quotes" <tags> & ]]> end';
  const front = { id: 'ADV-2025-0010', title: odd, summary: `${odd}\nsecond line`, severity: 'low', products: [{ name: odd, affected: '< 1' }], tier: 'public', release: { public: '2025-06-01' }, revisions: [{ date: '2025-06-01', note: odd }], credits: [odd], status: 'published' };
  await b.corpus.file('advisories/ADV-2025-0010.md', `---\n${stringify(front)}---\n${odd}\n\n::: tier poc\n${odd}\n:::\n`);
  await build(b.corpus, b.out, LATER);
  const keys = { decryptionKey: await readSecretKey(b.members.trusted.secret), publisher: await readCertificate(b.corpus.publisher.public) };
  const index = parseGroupIndex(await openSealed(await readFile(path.join(b.out, 'groups/trusted/index.pgp')), keys));
  for (const entry of index.items) parseItemDocument(await openSealed(await readFile(path.join(b.out, 'groups/trusted', entry.path)), keys));
  JSON.parse(await readFile(path.join(b.out, 'feed.json'), 'utf8'));
  const atom = await readFile(path.join(b.out, 'atom.xml'), 'utf8');
  // eslint-disable-next-line no-control-regex
  assert.not.match(atom, /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/, 'no character XML 1.0 forbids');
  await b.corpus.dispose();
});

valid.run();
