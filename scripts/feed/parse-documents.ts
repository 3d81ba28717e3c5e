/**
 * Parsing untrusted decrypted feed documents (feed-format §3, §11). Run only on plaintext whose
 * signature verified, and still strict: a signed document is not necessarily a well-formed one,
 * and ids and paths become file names and URLs on the client.
 */
import AjvModule, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { FeedError, type FormatCode } from './errors.js';
import { FORMAT_VERSION, type GroupIndex, type ItemDocument } from './format.js';
import { groupIndexSchema, itemDocumentSchema } from './schemas.js';

interface Validators {
  index: ValidateFunction<GroupIndex>;
  item: ValidateFunction<ItemDocument>;
}

let compiled: Validators | undefined;

/** Compiled on first use (~60 ms): a poll answered "not modified" parses no document. */
function validators(): Validators {
  if (compiled === undefined) {
    // validateSchema: false: the schemas are checked against the meta-schema by the tests
    // (test/feed/parse-documents.test.ts), not in every run (~45 ms).
    const ajv = new AjvModule.default({ strict: true, allErrors: false, validateSchema: false });
    addFormatsModule.default(ajv, ['date-time']);
    compiled = { index: ajv.compile<GroupIndex>(groupIndexSchema), item: ajv.compile<ItemDocument>(itemDocumentSchema) };
  }
  return compiled;
}

/**
 * Parses a decrypted group index. Throws FORMAT_VERSION for another `advisory-feed/N` and
 * FORMAT_INVALID for anything else that breaks §3.1-§3.4: schema, an entry path that is not
 * `items/<its sha256>.pgp`, ids not unique and sorted, `expires` not after `generated`.
 */
export function parseGroupIndex(input: Uint8Array | string, path?: string): GroupIndex {
  const index = parseDocument(input, validators().index, 'a group index', path);
  const fail = (expected: string, got: string) => invalid(`${expected} in the group index`, got, path);
  let previous: string | undefined;
  for (const [i, entry] of index.items.entries()) {
    // Content addressing (§2.1): the path is derived from the hash, never free text.
    if (entry.path !== `items/${entry.sha256}.pgp`) throw fail(`/items/${i}/path to be items/<sha256>.pgp`, entry.path);
    if (previous !== undefined && !(previous < entry.id)) throw fail('entries sorted by id, each id once', `${entry.id} after ${previous}`);
    previous = entry.id;
  }
  if (!(Date.parse(index.expires) > Date.parse(index.generated))) throw fail('expires after generated', `${index.generated} .. ${index.expires}`);
  return index;
}

/** Parses a decrypted item document (§3.3); throws FORMAT_VERSION or FORMAT_INVALID. */
export function parseItemDocument(input: Uint8Array | string, path?: string): ItemDocument {
  return parseDocument(input, validators().item, 'an item document', path);
}

function parseDocument<T>(input: Uint8Array | string, validate: ValidateFunction<T>, what: string, path?: string): T {
  let value: unknown;
  try {
    const text = typeof input === 'string' ? input : new TextDecoder('utf-8', { fatal: true }).decode(input);
    value = JSON.parse(text);
  } catch (cause) {
    throw new FeedError<FormatCode>('FORMAT_INVALID', `Expected ${what} as UTF-8 JSON, got ${cause instanceof Error ? cause.message : String(cause)}`, {
      path, cause, hint: 'The publisher wrote a damaged document; report it to the publisher.',
    });
  }
  const format = (value as { format?: unknown } | null)?.format;
  if (typeof format === 'string' && format !== FORMAT_VERSION && format.startsWith('advisory-feed/')) {
    throw new FeedError<FormatCode>('FORMAT_VERSION', `Expected format ${FORMAT_VERSION}, got ${format}`, {
      path, hint: 'Upgrade advisory-feed to read this feed (feed-format §11).',
    });
  }
  if (!validate(value)) throw invalid(`${what}: ${describe(validate.errors?.[0])}`, gotOf(value, validate.errors?.[0]), path);
  return value;
}

function describe(error: ErrorObject | undefined): string {
  if (error === undefined) return 'a valid document';
  const where = error.instancePath === '' ? 'the document' : error.instancePath;
  if (error.keyword === 'additionalProperties') return `no field "${String(error.params.additionalProperty)}" at ${where}`;
  return `${where} to ${error.message ?? 'be valid'}`;
}

function gotOf(value: unknown, error: ErrorObject | undefined): string {
  if (error === undefined || error.keyword === 'additionalProperties' || error.keyword === 'required') return 'something else';
  let node: unknown = value;
  for (const part of error.instancePath.split('/').slice(1)) node = (node as Record<string, unknown> | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  // Never echo long text: item documents hold restricted advisory text, and errors reach logs.
  if (typeof node === 'string') return node.length > 80 ? `a string of ${node.length} characters` : JSON.stringify(node);
  if (Array.isArray(node)) return `an array of ${node.length}`;
  if (node !== null && typeof node === 'object') return 'an object';
  return String(node);
}

function invalid(expected: string, got: string, path?: string): FeedError<FormatCode> {
  return new FeedError<FormatCode>('FORMAT_INVALID', `Expected ${expected}, got ${got}`, {
    path, hint: 'The publisher wrote an invalid document; report it to the publisher.',
  });
}
