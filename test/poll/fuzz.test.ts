/**
 * Random damage to served files (fast-check): flipped bytes, truncation, appended bytes, in the
 * index or in an item. Every run must end in a coded rejection with state and mirror unchanged,
 * never a crash or a partial write. Appended bytes, which openpgp.js alone would skip, are refused
 * too: openSealed requires every byte to belong to the sealed packets (feed-format §5.2).
 */
import fc from 'fast-check';
import { cp, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FeedError } from '../../scripts/feed/errors.js';
import type { Published } from '../helpers/publish-feed.js';
import { GROUP, THREE, makeWorld, type World } from './world.js';

const RUNS = Number(process.env.ADVISORY_FEED_FUZZ_RUNS ?? 60);

type Damage = { kind: 'flip'; at: number; mask: number } | { kind: 'truncate'; at: number } | { kind: 'append'; bytes: Uint8Array };

const damage: fc.Arbitrary<Damage> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), mask: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('append' as const), bytes: fc.uint8Array({ minLength: 1, maxLength: 64 }) }),
);

function apply(bytes: Uint8Array, d: Damage): Uint8Array {
  const copy = new Uint8Array(bytes);
  if (d.kind === 'flip') copy[d.at % copy.length]! ^= d.mask;
  if (d.kind === 'truncate') return copy.subarray(0, d.at % copy.length);
  if (d.kind === 'append') return new Uint8Array([...copy, ...d.bytes]);
  return copy;
}

let w: World;
let next: Published;
let before: Record<string, string>;
/** Puts state and mirror back to the sequence-1 copy taken in `before`. */
async function restore(): Promise<void> {
  for (const name of ['state', 'out']) {
    await rm(join(w.dir, name), { recursive: true, force: true });
    await cp(join(w.dir, 'pristine', name), join(w.dir, name), { recursive: true, preserveTimestamps: true });
  }
}

test.before(async () => {
  w = await makeWorld();
  await w.publisher.publish({ group: GROUP, sequence: 1, advisories: THREE });
  await w.poll();
  before = await w.snapshot();
  for (const name of ['state', 'out']) await cp(join(w.dir, name), join(w.dir, 'pristine', name), { recursive: true, preserveTimestamps: true });
  next = await w.publisher.publish({ group: GROUP, sequence: 2, advisories: [THREE[0]!, { id: 'ADV-2026-0002', revision: 2 }, THREE[2]!] });
});
test.after(async () => {
  await w.close();
});

const INDEX_CODES = ['SIGNATURE_INVALID', 'INDEX_INVALID'];
const ITEM_CODES = ['ITEM_SIZE_MISMATCH', 'ITEM_HASH_MISMATCH', 'ITEM_TOO_LARGE'];

async function check(suffix: string, original: Uint8Array, d: Damage, allowed: string[]): Promise<void> {
  w.server.fault(suffix, ...(suffix === 'index.pgp' ? [] : [{}]), { body: apply(original, d) });
  try {
    await w.poll();
    await restore();
    assert.unreachable(`damage ${JSON.stringify(d)} was accepted`);
  } catch (error) {
    if (!(error instanceof FeedError)) throw error;
    assert.ok(allowed.includes(error.code), `${error.code} for ${JSON.stringify(d)}`);
  }
  assert.equal(await w.snapshot(), before);
}

test('a damaged index is always refused with a code, touching nothing', async () => {
  const original = await readFile(next.indexPath);
  await fc.assert(fc.asyncProperty(damage, (d) => check('index.pgp', original, d, INDEX_CODES)), { numRuns: RUNS });
});

test('a damaged item is always refused with a code, touching nothing', async () => {
  const original = await readFile(next.itemPaths['ADV-2026-0002']!);
  await fc.assert(fc.asyncProperty(damage, (d) => check('.pgp', original, d, ITEM_CODES)), { numRuns: RUNS });
});

test.run();
