/**
 * Retracting an accidental publication (threat model P2): an advisory published to the public by
 * mistake and then moved back under embargo must leave the public tier in the very next build,
 * page, CSAF document, hashes and signatures included. The grace period of feed-format §9.3 is
 * for group items that clients may be syncing, not for public files.
 */
import { readdir } from 'node:fs/promises';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { build, builtCorpus, unencryptedTexts } from './world.js';

const retract = suite('adversarial public tier: a retracted publication leaves at once');

retract('the next build removes its page and CSAF files and no unencrypted file keeps its text', async () => {
  const b = await builtCorpus();
  await b.corpus.advisory({ id: 'ADV-2025-0002', release: { public: '2025-07-01T00:00:00Z' }, body: 'Published by mistake CANARY-RETRACTED' });
  await build(b.corpus, b.out, '2025-07-10T07:00:00Z');
  // Files named after the advisory; a key's fingerprint in a name (key/<FPR>.asc) may spell 0002.
  const named = async () => (await readdir(b.out, { recursive: true })).filter((f) => f.replace(/[0-9A-Fa-f]{40,}/g, '').includes('0002') && !f.startsWith('groups'));
  assert.ok((await named()).some((f) => f.endsWith('index.html')), 'the mistake was published (the test can see it)');
  await b.corpus.advisory({ id: 'ADV-2025-0002', tier: 'partner', release: { partner: '2025-07-01T00:00:00Z' }, body: 'Published by mistake CANARY-RETRACTED' });
  const ctx = await build(b.corpus, b.out, '2025-07-10T08:00:00Z');
  assert.ok(ctx.removed.some((f) => f.endsWith('adv-2025-0002/index.html')), ctx.removed.join());
  assert.equal((await named()).filter((f) => /\.(html|json|asc|sha256|sha512)$/.test(f)), []);
  for (const [file, text] of await unencryptedTexts(b.out)) assert.not.ok(text.includes('CANARY-RETRACTED'), file);
  await b.corpus.dispose();
});

retract.run();
