/**
 * Random damage to served files (fast-check): flipped bytes, truncation, appended bytes, in the
 * index or in an item. Every run must end in a coded rejection with state and mirror unchanged,
 * never a crash or a partial write, with one exception that OpenPGP itself allows: the recipient
 * header (PKESK packets) is not integrity-protected, so damage there that still decrypts (e.g. an
 * MPI's bit count, which openpgp.js ignores) goes unnoticed. Then what is accepted must be exactly
 * the index the publisher signed (feed-format §5.2: the wrapper is malleable, the signed content is
 * not). Appended bytes are always refused (openSealed checks the packet framing).
 */
import fc from 'fast-check';
import { cp, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { canonicalBytes } from '../../scripts/feed/canonical-json.js';
import { FeedError } from '../../scripts/feed/errors.js';
import { packetLayout } from '../../scripts/feed/openpgp/packet-framing.js';
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
/** Bytes of the PKESK packets at the start of a sealed file: where its SEIPD packet starts (§5.2). */
function headerLength(sealed: Uint8Array): number {
  const layout = packetLayout(sealed);
  return 'problem' in layout ? 0 : (layout.starts.at(-1) ?? 0);
}

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
  } catch (error) {
    if (!(error instanceof FeedError)) throw error;
    assert.ok(allowed.includes(error.code), `${error.code} for ${JSON.stringify(d)}`);
    assert.equal(await w.snapshot(), before);
    return;
  }
  // Accepted: only a damaged recipient header of the index may be, and only as the signed index.
  assert.ok(suffix === 'index.pgp' && d.kind === 'flip', `damage ${JSON.stringify(d)} was accepted`);
  assert.ok(d.at % original.length < headerLength(original), `damage past the recipient header was accepted: ${JSON.stringify(d)}`);
  assert.equal(new Uint8Array(await readFile(join(w.outDir, 'index.json'))), canonicalBytes(next.index), 'accepted exactly the signed index');
  await restore();
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
