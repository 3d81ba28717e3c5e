/**
 * End to end with the real publisher: a generated corpus built by scripts/build (the standard
 * corpus of the build suites), served on 127.0.0.1, polled by its partners; and the documented
 * GnuPG commands run against the same build.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { isFeedError } from '../../scripts/feed/errors.js';
import { readCertificate, readSecretKey } from '../../scripts/feed/openpgp.js';
import { createFetcher, locateFeed, runPoll, type PollResult } from '../../scripts/poll/index.js';
import { EXPECTED, NOW, standardCorpus, type Partners } from '../build/corpus-fixture.js';
import { build, tempOut } from '../build/fixture.js';
import { rejectsWithCode } from '../helpers/assert.js';
import type { Corpus } from '../helpers/corpus.js';
import { startFeedServer, type FeedServer } from '../helpers/feed-server.js';
import { GpgHome } from '../helpers/gpg.js';
import type { TestKey } from '../helpers/keys.js';
import { hashTree } from './world.js';
import { gnupgGuideBlocks, runShell } from './shell.js';

const e2e = suite('poll: a real build');
let corpus: Corpus;
let keys: Partners;
let out: string;
let server: FeedServer;
let work: string;

e2e.before(async () => {
  ({ corpus, keys } = await standardCorpus());
  out = await tempOut();
  await build(corpus, out, NOW);
  server = await startFeedServer(out);
  work = join(out, '..', 'partner');
  await mkdir(work);
});
e2e.after(async () => {
  await server.close();
  await corpus.dispose();
});

async function pollAs(key: TestKey, group: string, name: string, now = NOW): Promise<PollResult> {
  const location = locateFeed(`${server.origin}/groups/${group}`, undefined, work);
  return runPoll({
    location,
    keys: { decryptionKey: await readSecretKey(key.secret), publisher: await readCertificate(corpus.publisher.public) },
    stateDir: join(work, name, 'state'),
    outDir: join(work, name, 'out'),
    fetcher: createFetcher(location.index, { retries: 0 }),
    now: () => new Date(Date.parse(now) + 3_600_000),
    maxIndexBytes: 4 * 1024 * 1024,
    maxItemBytes: 16 * 1024 * 1024,
  });
}

e2e('each member mirrors exactly its group; withdrawn advisories are marked', async () => {
  for (const [group, key, name] of [['partners', keys.acme[1], 'acme'], ['trusted', keys.bolt, 'bolt']] as const) {
    const result = await pollAs(key, group, name);
    assert.is(result.summary.new + result.summary.withdrawn, EXPECTED[group]!.length, group);
    const files = Object.keys(await hashTree(join(work, name, 'out', 'advisories'), join(work, name, 'out')));
    assert.equal(files.filter((f) => f.endsWith('.json')).map((f) => f.slice('advisories/'.length, -'.json'.length)), EXPECTED[group]);
    const withdrawn = await readFile(join(work, name, 'out', 'advisories', 'ADV-2025-0005.md'), 'utf8');
    assert.match(withdrawn, /withdrawn: true/);
  }
  const trusted = await readFile(join(work, 'bolt', 'out', 'advisories', 'ADV-2025-0002.md'), 'utf8');
  assert.match(trusted, /CANARY-0002-poc/);
  const partners = await readFile(join(work, 'acme', 'out', 'advisories', 'ADV-2025-0002.md'), 'utf8');
  assert.not.match(partners, /CANARY-0002-poc/);
});

e2e('each mirrored item is the plaintext gpg decrypts from the feed, byte for byte', async () => {
  const home = await GpgHome.create();
  try {
    await home.import(corpus.publisher.public);
    await home.import(keys.bolt.secret);
    const mirror = join(work, 'bolt', 'out');
    const index = JSON.parse(await readFile(join(mirror, 'index.json'), 'utf8')) as { items: { id: string; path: string }[] };
    assert.is(index.items.length, EXPECTED.trusted!.length);
    for (const entry of index.items) {
      const decrypted = await home.ok(['--decrypt'], await readFile(join(out, 'groups', 'trusted', entry.path)));
      assert.ok(decrypted.stdout.equals(await readFile(join(mirror, 'advisories', `${entry.id}.json`))), entry.id);
    }
  } finally {
    await home.remove();
  }
});

e2e('an unchanged build costs one request, answered 304', async () => {
  server.requests.length = 0;
  const result = await pollAs(keys.acme[1], 'partners', 'acme');
  assert.is(result.summary.notModified, true);
  assert.equal(server.requests.map((r) => r.status), [304]);
});

e2e('a rebuild with one revised advisory costs the index and that item', async () => {
  await corpus.advisory({ // as in corpus-fixture.ts, plus a second revision
    id: 'ADV-2025-0002',
    tier: 'partner',
    release: { partner: '2025-07-01T00:00:00Z' },
    revisions: [{ date: '2025-07-01T00:00:00Z', note: 'First notice.' }, { date: '2025-07-09T00:00:00Z', note: 'Fixed versions corrected.' }],
    body: 'CANARY-0002-base, revised',
    sections: [{ tier: 'poc', text: '## Proof of concept\n\nCANARY-0002-poc' }],
  });
  const later = '2025-07-11T00:00:00Z';
  await build(corpus, out, later);
  server.requests.length = 0;
  const result = await pollAs(keys.acme[1], 'partners', 'acme', later);
  assert.is(result.summary.sequence, 2);
  assert.equal([result.summary.updated, result.summary.fetched], [1, 1], JSON.stringify(result.events));
  assert.is(server.requests.length, 2);
});

e2e('a member of another group, a suspended and a removed partner are refused with SIGNATURE_INVALID', async () => {
  for (const [key, group, name] of [[keys.acme[0], 'trusted', 'acme-in-trusted'], [keys.shady, 'partners', 'shady'], [keys.gone, 'trusted', 'gone']] as const) {
    const error = await rejectsWithCode(pollAs(key, group, name), 'SIGNATURE_INVALID');
    assert.ok(isFeedError(error.cause, 'DECRYPT_FAILED'), name);
    assert.equal(await hashTree(join(work, name, 'out'), work), {}, `${name}: nothing mirrored`);
  }
});

e2e('the documented GnuPG commands read the real build', async () => {
  const home = await GpgHome.create();
  const reader = join(work, 'gnupg-reader');
  await mkdir(reader);
  try {
    await writeFile(join(reader, 'publisher.asc'), corpus.publisher.public);
    await writeFile(join(reader, 'my-secret-key.asc'), keys.bolt.secret);
    const script = (await gnupgGuideBlocks()).join('\n');
    const result = await runShell(script, reader, {
      GNUPGHOME: home.dir, FEED: `${server.origin}/groups/trusted`, PUBLISHER_FPR: corpus.publisher.fingerprint,
      PUBLISHER_KEY: 'publisher.asc', MY_KEY: 'my-secret-key.asc',
    });
    assert.is(result.code, 0, result.stderr);
    for (const id of EXPECTED.trusted!) assert.match(result.stdout, new RegExp(`${id} revision \\d+ (published|withdrawn)`));
  } finally {
    await home.remove();
  }
});

e2e.run();
