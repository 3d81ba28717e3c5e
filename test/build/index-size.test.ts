/**
 * feed-format §3.4: one index-size limit for both sides. The build refuses to publish an index
 * clients refuse by default, and the limit has room for the schema's largest index.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { canonicalBytes } from '../../scripts/feed/canonical-json.js';
import { FORMAT_VERSION, type GroupIndex } from '../../scripts/feed/format.js';
import { LIMITS } from '../../scripts/feed/schemas.js';
import { assertIndexFits } from '../../scripts/build/seal/seal-group.js';
import { DEFAULT_MAX_INDEX_BYTES } from '../../scripts/poll/index.js';
import { throwsWithCode } from '../helpers/assert.js';

test('the client accepts by default exactly what the build may publish', () => {
  assert.is(DEFAULT_MAX_INDEX_BYTES, LIMITS.indexSize);
});

test('an index over the limit is refused with BUILD_INDEX_TOO_LARGE, naming the group, not its content', () => {
  assertIndexFits('partners', LIMITS.indexSize);
  const error = throwsWithCode(() => assertIndexFits('partners', LIMITS.indexSize + 1), 'BUILD_INDEX_TOO_LARGE');
  assert.match(error.message, /group partners/);
  throwsWithCode(() => assertIndexFits('partners', 1001, 1000), 'BUILD_INDEX_TOO_LARGE');
});

test('the limit holds the schema\'s largest index (indexItems entries of the longest form) and 5,000 recipient keys', () => {
  const longest = {
    id: `ADV-9999-${'9'.repeat(LIMITS.idLength - 9)}`,
    revision: 999_999,
    modified: '2099-12-31T23:59:59.999Z',
    status: 'withdrawn' as const,
    path: `items/${'f'.repeat(64)}.pgp`,
    size: LIMITS.itemSize,
    sha256: 'f'.repeat(64),
  };
  const index: GroupIndex = {
    format: FORMAT_VERSION, group: 'g'.repeat(64), sequence: Number.MAX_SAFE_INTEGER,
    generated: longest.modified, expires: longest.modified, publisher: 'F'.repeat(40),
    items: Array.from({ length: LIMITS.indexItems }, () => longest),
  };
  const plaintext = canonicalBytes(index).length;
  const recipientHeader = 5_000 * 600; // bytes: an RSA-4096 PKESK is ~530, a cv25519 one ~100
  const signatureAndFraming = 4_096;
  assert.ok(plaintext + recipientHeader + signatureAndFraming <= LIMITS.indexSize, `${plaintext} + header > ${LIMITS.indexSize}`);
});

test.run();
