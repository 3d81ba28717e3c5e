/**
 * Items verified in worker threads (scripts/poll/item-verifier.ts, item-worker.mjs,
 * scripts/feed/openpgp/open-pool.ts): the same mirror as in this thread, and every refusal the
 * same typed error, with the mirror and the state byte-identical.
 */
import { readdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { canonicalBytes } from '../../scripts/feed/canonical-json.js';
import { isFeedError } from '../../scripts/feed/errors.js';
import { FORMAT_VERSION, type ItemDocument } from '../../scripts/feed/format.js';
import { sha256Hex } from '../../scripts/feed/hash.js';
import { createSealer } from '../../scripts/feed/openpgp.js';
import { createItemVerifier, ENTRY_BYTES_AT_LEAST, startItemWorkers } from '../../scripts/poll/item-verifier.js';
import { openStaging } from '../../scripts/poll/staging.js';
import { rejectsWithCode } from '../helpers/assert.js';
import type { TestAdvisory } from '../helpers/publish-feed.js';
import { GROUP, hashTree, makeWorld, type World } from './world.js';

const WORKERS = { workers: { threads: 2, minItems: 1 } };
const many = (count: number, revision = 1): TestAdvisory[] =>
  Array.from({ length: count }, (_, i) => ({ id: `ADV-2026-${String(i + 1).padStart(4, '0')}`, revision, markdown: `# ${i}\n\nText: "quoted", - dash, é.\n` }));

let w: World;
let before: Record<string, string>;
test.before.each(async () => {
  w = await makeWorld();
  await w.publisher.publish({ group: GROUP, sequence: 1, advisories: many(30) });
  await w.poll(WORKERS);
  before = await w.snapshot();
});
test.after.each(async () => {
  await w.close();
});

async function rejects(code: string) {
  const error = await rejectsWithCode(w.poll(WORKERS), code);
  assert.equal(await w.snapshot(), before, 'state and mirror must be unchanged');
  return error;
}

test('a first sync in workers mirrors the same bytes as one in this thread', async () => {
  await w.publisher.publish({ group: GROUP, sequence: 2, advisories: [...many(30, 2), { id: 'ADV-2026-0099', status: 'withdrawn' }] });
  const runs = ['threads', 'inline'];
  for (const run of runs) {
    await w.poll({ stateDir: join(w.dir, run, 'state'), outDir: join(w.dir, run, 'out'), workers: run === 'threads' ? WORKERS.workers : { threads: 0 } });
  }
  const [threads, inline] = await Promise.all(runs.map((run) => hashTree(join(w.dir, run, 'out'), join(w.dir, run, 'out'))));
  assert.is(Object.keys(threads!).length, 31 * 2 + 2, 'advisories/, its 62 files and index.json');
  assert.equal(threads, inline);
});

/** Publishes sequence 2 (30 revised items) with one item replaced by `forged`, listed by its real hash. */
async function publishWithForgedItem(forged: Uint8Array) {
  const sha256 = sha256Hex(forged);
  const path = `items/${sha256}.pgp`;
  await w.publisher.publish({
    group: GROUP, sequence: 2, advisories: many(30, 2),
    tamperIndex: (index) => ({ ...index, items: index.items.map((e) => (e.id === 'ADV-2026-0017' ? { ...e, path, size: forged.byteLength, sha256 } : e)) }),
  });
  await writeFile(join(w.publisher.root, 'groups', GROUP, path), forged);
}

const item17: ItemDocument = {
  format: FORMAT_VERSION, id: 'ADV-2026-0017', revision: 2, modified: '2026-01-01T00:00:00Z', status: 'published',
  advisory: { id: 'ADV-2026-0017', title: 'Forged' }, markdown: '# Forged\n', html: '<h1>Forged</h1>\n',
};

test('an item signed by another key among many is refused with SIGNATURE_INVALID', async () => {
  const impostor = await createSealer(w.keys.impostor.secret, [w.keys.partner.certificate]);
  await publishWithForgedItem(await impostor.seal(canonicalBytes(item17)));
  const error = await rejects('SIGNATURE_INVALID');
  assert.ok(isFeedError(error.cause, 'SIGNATURE_INVALID'));
});

test('an item encrypted to another key among many is refused with SIGNATURE_INVALID (DECRYPT_FAILED cause)', async () => {
  const elsewhere = await createSealer(w.keys.publisher.secret, [w.keys.impostor.certificate]);
  await publishWithForgedItem(await elsewhere.seal(canonicalBytes(item17)));
  const error = await rejects('SIGNATURE_INVALID');
  assert.ok(isFeedError(error.cause, 'DECRYPT_FAILED'));
});

test('a malformed signed item among many is refused with ITEM_MISMATCH (FORMAT_INVALID cause)', async () => {
  const publisher = await createSealer(w.keys.publisher.secret, [w.keys.partner.certificate]);
  await publishWithForgedItem(await publisher.seal(canonicalBytes({ ...item17, unexpected: true })));
  const error = await rejects('ITEM_MISMATCH');
  assert.ok(isFeedError(error.cause, 'FORMAT_INVALID'));
});

test('a signed item of another revision than its entry among many is refused with ITEM_MISMATCH', async () => {
  const publisher = await createSealer(w.keys.publisher.secret, [w.keys.partner.certificate]);
  await publishWithForgedItem(await publisher.seal(canonicalBytes({ ...item17, revision: 1 })));
  const error = await rejects('ITEM_MISMATCH');
  assert.match(error.message, /revision/);
});

test('a signed item of another modified time than its entry among many is refused with ITEM_MISMATCH', async () => {
  const publisher = await createSealer(w.keys.publisher.secret, [w.keys.partner.certificate]);
  await publishWithForgedItem(await publisher.seal(canonicalBytes({ ...item17, modified: '2026-01-02T00:00:00Z' })));
  const error = await rejects('ITEM_MISMATCH');
  assert.match(error.message, /modified/);
});

test('the signed item of the entry passes (the forging above is what the refusals catch)', async () => {
  const publisher = await createSealer(w.keys.publisher.secret, [w.keys.partner.certificate]);
  await publishWithForgedItem(await publisher.seal(canonicalBytes(item17)));
  const result = await w.poll(WORKERS);
  assert.is(result.summary.fetched, 30);
});

const pollKeys = () => ({ decryptionKey: w.keys.partner.secret, publisher: w.keys.publisher.certificate });

test('workers start early only for an index large enough to list the items they need', async () => {
  const options = { threads: 1, minItems: 300 };
  assert.is(startItemWorkers(pollKeys(), 300 * ENTRY_BYTES_AT_LEAST - 1, options), undefined, 'an index smaller than 300 of the smallest entries');
  assert.is(startItemWorkers(pollKeys(), 10_000_000, { threads: 0 }), undefined, 'no worker threads');
  const workers = await startItemWorkers(pollKeys(), 300 * ENTRY_BYTES_AT_LEAST, options);
  assert.ok(workers !== undefined, 'started');
  await workers.close();
});

test('workers started early for a run that then fetches few items are stopped', async () => {
  const started = startItemWorkers(pollKeys(), 10_000_000, { threads: 1 });
  const staging = await openStaging(join(w.dir, 'few'));
  const verifier = createItemVerifier(pollKeys(), staging, 2, { threads: 1, minItems: 300 }, started);
  await verifier.close();
  const workers = await started;
  assert.ok(workers !== undefined);
  const sealed = await (await createSealer(w.keys.publisher.secret, [w.keys.partner.certificate])).seal(canonicalBytes(item17));
  const job = { entry: { id: 'ADV-2026-0017', revision: 2, modified: item17.modified, status: 'published' as const }, paths: staging.pathsOf('ADV-2026-0017') };
  const opened = await workers.open(sealed, job).then(() => 'opened', (error: Error) => error.message);
  await workers.close(); // whatever the outcome, no thread is left to keep the tests running
  await staging.dispose();
  assert.match(opened, /closed/, 'a stopped pool opens nothing');
});

test('a first sync whose index is refused stops the workers it started for its items', async () => {
  const threads = () => readdirSync('/proc/self/task').length; // Linux: this process's threads
  const before = threads();
  const refused = w.poll({
    ...WORKERS, stateDir: join(w.dir, 'first', 'state'), outDir: join(w.dir, 'first', 'out'),
    keys: { ...pollKeys(), publisher: w.keys.impostor.certificate }, // the index is not signed by it
  });
  await rejectsWithCode(refused, 'SIGNATURE_INVALID');
  assert.is(threads(), before, 'no worker thread left running');
});

test.run();
