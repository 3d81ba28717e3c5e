import { suite } from 'uvu';
import AjvModule from 'ajv';
import * as assert from 'uvu/assert';
import { canonicalBytes } from '../../scripts/feed/canonical-json.js';
import { FORMAT_VERSION, type GroupIndex, type ItemDocument } from '../../scripts/feed/format.js';
import { parseGroupIndex, parseItemDocument } from '../../scripts/feed/parse-documents.js';
import { groupIndexSchema, indexEntrySchema, itemDocumentSchema } from '../../scripts/feed/schemas.js';
import { throwsWithCode } from '../helpers/assert.js';

const sha = (c: string) => c.repeat(64);

function index(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const base: GroupIndex = {
    format: FORMAT_VERSION,
    group: 'early-warning',
    sequence: 7,
    generated: '2026-11-28T09:00:00.000Z',
    expires: '2026-12-05T09:00:00.000Z',
    publisher: 'A'.repeat(40),
    items: [
      { id: 'ADV-2026-0001', revision: 1, modified: '2026-11-20T10:00:00Z', status: 'published', path: `items/${sha('a')}.pgp`, size: 1200, sha256: sha('a') },
      { id: 'ADV-2026-0002', revision: 3, modified: '2026-11-21T10:00:00+02:00', status: 'withdrawn', path: `items/${sha('b')}.pgp`, size: 900, sha256: sha('b') },
    ],
  };
  return { ...base, ...overrides };
}

const entry = (overrides: Record<string, unknown>) => ({ ...(index().items as object[])[0], ...overrides });

const indexes = suite('parseGroupIndex');

indexes('parses a valid index from bytes and from text', () => {
  const parsed = parseGroupIndex(canonicalBytes(index()));
  assert.is(parsed.sequence, 7);
  assert.is(parsed.items.length, 2);
  assert.equal(parseGroupIndex(JSON.stringify(index())), parsed);
});

indexes('rejects non-JSON, invalid UTF-8 and non-objects with FORMAT_INVALID', () => {
  throwsWithCode(() => parseGroupIndex('{"format":'), 'FORMAT_INVALID');
  throwsWithCode(() => parseGroupIndex(new Uint8Array([0x7b, 0xff, 0x7d])), 'FORMAT_INVALID');
  throwsWithCode(() => parseGroupIndex('[]'), 'FORMAT_INVALID');
  throwsWithCode(() => parseGroupIndex('null'), 'FORMAT_INVALID');
});

indexes('rejects another advisory-feed format version with FORMAT_VERSION', () => {
  throwsWithCode(() => parseGroupIndex(JSON.stringify(index({ format: 'advisory-feed/2' }))), 'FORMAT_VERSION');
  throwsWithCode(() => parseGroupIndex(JSON.stringify(index({ format: 'something-else' }))), 'FORMAT_INVALID');
});

indexes('rejects unknown fields, missing fields and bad values with FORMAT_INVALID', () => {
  const bad: Record<string, unknown>[] = [
    index({ extra: 1 }),
    (({ sequence: _s, ...rest }) => rest)(index()),
    index({ group: '../other' }),
    index({ group: 'Early' }),
    index({ sequence: -1 }),
    index({ sequence: 1.5 }),
    index({ sequence: '8' }),
    index({ generated: 'yesterday' }),
    index({ expires: '2026-12-05' }),
    index({ publisher: 'a'.repeat(40) }),
    index({ items: [entry({ id: 'ADV-26-1' })] }),
    index({ items: [entry({ id: '../../etc/passwd' })] }),
    index({ items: [entry({ revision: 0 })] }),
    index({ items: [entry({ status: 'draft' })] }),
    index({ items: [entry({ size: 0 })] }),
    index({ items: [entry({ sha256: sha('A') })] }),
    index({ items: [entry({ path: '../index.pgp' })] }),
    index({ items: [entry({ extra: true })] }),
  ];
  for (const doc of bad) throwsWithCode(() => parseGroupIndex(JSON.stringify(doc)), 'FORMAT_INVALID');
});

indexes('rejects an entry whose path does not name its own hash (content addressing)', () => {
  throwsWithCode(() => parseGroupIndex(JSON.stringify(index({ items: [entry({ path: `items/${sha('c')}.pgp` })] }))), 'FORMAT_INVALID');
});

indexes('rejects duplicate or unsorted ids, and expires not after generated', () => {
  const [a, b] = index().items as object[];
  throwsWithCode(() => parseGroupIndex(JSON.stringify(index({ items: [b, a] }))), 'FORMAT_INVALID');
  throwsWithCode(() => parseGroupIndex(JSON.stringify(index({ items: [a, a] }))), 'FORMAT_INVALID');
  throwsWithCode(() => parseGroupIndex(JSON.stringify(index({ expires: '2026-11-28T09:00:00.000Z' }))), 'FORMAT_INVALID');
});

indexes('does not echo long restricted text in error messages', () => {
  const secret = 'CANARY-'.repeat(40);
  const error = throwsWithCode(() => parseGroupIndex(JSON.stringify(index({ generated: secret }))), 'FORMAT_INVALID');
  assert.not.match(error.message, /CANARY/);
});


const items = suite('parseItemDocument');

const item = (overrides: Record<string, unknown> = {}): Record<string, unknown> => {
  const base: ItemDocument = {
    format: FORMAT_VERSION,
    id: 'ADV-2026-0001',
    revision: 2,
    modified: '2026-11-20T10:00:00Z',
    status: 'published',
    advisory: { id: 'ADV-2026-0001', title: 'Heap overflow', severity: 'high' },
    markdown: '# Heap overflow\n',
    html: '<h1>Heap overflow</h1>\n',
  };
  return { ...base, ...overrides };
};

items('parses a valid item, with or without csaf', () => {
  assert.is(parseItemDocument(canonicalBytes(item())).id, 'ADV-2026-0001');
  assert.ok(parseItemDocument(canonicalBytes(item({ csaf: { document: {} } }))).csaf);
});

items('rejects bad items with FORMAT_INVALID and another version with FORMAT_VERSION', () => {
  for (const doc of [item({ group: 'x' }), item({ id: 'x/y' }), item({ advisory: [] }), item({ markdown: 3 }), item({ status: 'draft' }), (({ html: _h, ...rest }) => rest)(item())]) {
    throwsWithCode(() => parseItemDocument(JSON.stringify(doc)), 'FORMAT_INVALID');
  }
  throwsWithCode(() => parseItemDocument(JSON.stringify(item({ format: 'advisory-feed/0' }))), 'FORMAT_VERSION');
});


const schemas = suite('the feed schemas');

// parse-documents.ts and the poll's item workers compile them without validating them first
// (validateSchema: false, ~45 ms a thread): a malformed schema is caught here.
schemas('each is valid against the meta-schema, and compiles strictly', () => {
  const ajv = new AjvModule.default({ strict: true, validateSchema: true });
  for (const [name, schema] of Object.entries({ groupIndexSchema, indexEntrySchema, itemDocumentSchema })) {
    assert.ok(ajv.validateSchema(schema), `${name}: ${ajv.errorsText(ajv.errors)}`);
  }
  assert.not.ok(ajv.validateSchema({ type: 'object', properties: [] }), 'a malformed schema is refused');
});
indexes.run();
items.run();
schemas.run();
