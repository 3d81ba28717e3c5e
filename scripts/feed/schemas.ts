/**
 * JSON Schemas of the decrypted feed documents (feed-format §3). Strict: unknown fields are
 * errors, every string has a pattern or a length limit, every number a range (§3.4).
 */
import { FORMAT_VERSION } from './format.js';
import { ADVISORY_ID, GROUP_ID, ITEM_PATH } from './paths.js';
import { SHA256_HEX } from './hash.js';

/** Limits (§3.4). */
export const LIMITS = {
  /** Entries in one group index. */
  indexItems: 100_000,
  /** Characters of `markdown` and of `html` in one item. */
  textLength: 8 * 1024 * 1024,
  /** Bytes of one sealed item file as an index entry may announce it (1 GiB). */
  itemSize: 1024 * 1024 * 1024,
  /** Characters of an advisory id. */
  idLength: 32,
  /**
   * Bytes of a sealed group index (32 MiB): clients accept up to this by default and builds never
   * publish more. Room for `indexItems` entries of the longest form plus a recipient header for
   * thousands of keys (feed-format §3.4).
   */
  indexSize: 32 * 1024 * 1024,
} as const;

const dateTime = { type: 'string', format: 'date-time', maxLength: 40 };
const status = { enum: ['published', 'withdrawn'] };
const revision = { type: 'integer', minimum: 1, maximum: 1_000_000 };
const advisoryId = { type: 'string', pattern: ADVISORY_ID.source, maxLength: LIMITS.idLength };

export const indexEntrySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'revision', 'modified', 'status', 'path', 'size', 'sha256'],
  properties: {
    id: advisoryId,
    revision,
    modified: dateTime,
    status,
    path: { type: 'string', pattern: ITEM_PATH.source },
    size: { type: 'integer', minimum: 1, maximum: LIMITS.itemSize },
    sha256: { type: 'string', pattern: SHA256_HEX.source },
  },
} as const;

export const groupIndexSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['format', 'group', 'sequence', 'generated', 'expires', 'publisher', 'items'],
  properties: {
    format: { const: FORMAT_VERSION },
    group: { type: 'string', pattern: GROUP_ID.source },
    sequence: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER },
    generated: dateTime,
    expires: dateTime,
    publisher: { type: 'string', pattern: '^[0-9A-F]{40}$' },
    items: { type: 'array', maxItems: LIMITS.indexItems, items: indexEntrySchema },
  },
} as const;

export const itemDocumentSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['format', 'id', 'revision', 'modified', 'status', 'advisory', 'markdown', 'html'],
  properties: {
    format: { const: FORMAT_VERSION },
    id: advisoryId,
    revision,
    modified: dateTime,
    status,
    advisory: { type: 'object' },
    markdown: { type: 'string', maxLength: LIMITS.textLength },
    html: { type: 'string', maxLength: LIMITS.textLength },
    csaf: { type: 'object' },
  },
} as const;
