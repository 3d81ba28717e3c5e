/**
 * scripts/feed/openpgp/random-pool.mjs: the random bytes of SEIPD prefixes and signature salts come
 * from a pool refilled by node:crypto. Every byte is handed out once, in a buffer of its own.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { randomFromPool } from '../../scripts/feed/openpgp/random-pool.mjs';

test('each draw has the length asked for, and no bytes are handed out twice, across many refills', () => {
  const seen = new Set<string>();
  const draws: Buffer[] = [];
  for (let i = 0; i < 3000; i++) {
    const length = [18, 16, 24, 32][i % 4] as number; // SEIPD prefixes and the salts of each hash
    const bytes = randomFromPool(length);
    assert.is(bytes.length, length);
    draws.push(bytes);
    const hex = bytes.toString('hex');
    assert.not.ok(seen.has(hex), `draw ${i} repeats an earlier one`);
    seen.add(hex);
  }
  // ~66 KB drawn: 16 pools' worth. Every byte value turns up (a pool never filled would be zeros).
  const all = Buffer.concat(draws);
  assert.is(new Set(all).size, 256);
});

test('a draw is a copy: changing it, or the refills after it, changes no other draw', () => {
  const first = randomFromPool(18);
  const kept = Buffer.from(first);
  const second = randomFromPool(18);
  const keptSecond = Buffer.from(second);
  first.fill(0);
  for (let i = 0; i < 1000; i++) randomFromPool(32); // several refills
  assert.ok(second.equals(keptSecond));
  assert.not.ok(first.equals(kept));
});

test('large requests come straight from node:crypto', () => {
  const big = randomFromPool(5000);
  assert.is(big.length, 5000);
  assert.ok(new Set(big).size > 200);
});

test.run();
