/**
 * The leak property (test/adversarial/leak-property.ts) in `npm test`: 100 random cases, two
 * builds each, in about half a minute. `npm run test:property -- --runs N` runs more. Set
 * ADVISORY_FEED_PROPERTY_SEED to replay the seed a failure prints.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { runLeakProperty } from './leak-property.js';

const RUNS = 100;

test(`no group and no unencrypted file reads a canary it may not see (${RUNS} random programs, partners, advisories and --now pairs)`, async () => {
  const seed = process.env.ADVISORY_FEED_PROPERTY_SEED === undefined ? undefined : Number(process.env.ADVISORY_FEED_PROPERTY_SEED);
  const stats = await runLeakProperty(RUNS, seed === undefined ? {} : { seed });
  assert.is(stats.cases, RUNS);
  assert.ok(stats.builds - stats.refused >= RUNS, 'most builds succeed, so most cases check real output');
});

test.run();
