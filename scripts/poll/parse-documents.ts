/**
 * Parses the decrypted index and items (feed-format §index, §item) into typed documents. Only
 * called on plaintext whose signature already verified; still strict, because a signed document
 * is not necessarily a well-formed one, and ids and paths become file names and URLs here.
 *
 * Interim: scripts/feed will own these parsers (schemas); this file then shrinks to a re-export.
 */
import { FORMAT_VERSION, type GroupIndex, type IndexEntry, type ItemDocument } from '../feed/format.js';
import { pollError, type PollCode } from './errors.js';

/** Advisory ids become file names in the mirror: no separators, no dot-only names. */
export const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const HEX64 = /^[0-9a-f]{64}$/;

export function parseGroupIndex(plaintext: Uint8Array): GroupIndex {
  const fail = (got: string) => invalid('INDEX_INVALID', 'a group index', got);
  const doc = parseObject(plaintext, fail);
  if (doc.format !== FORMAT_VERSION) throw fail(`format ${JSON.stringify(doc.format)}`);
  if (typeof doc.group !== 'string') throw fail('no group');
  if (!Number.isSafeInteger(doc.sequence) || (doc.sequence as number) < 0) throw fail(`sequence ${JSON.stringify(doc.sequence)}`);
  for (const key of ['generated', 'expires', 'publisher'] as const) {
    if (typeof doc[key] !== 'string') throw fail(`no "${key}"`);
  }
  if (Number.isNaN(Date.parse(doc.expires as string))) throw fail(`expires ${JSON.stringify(doc.expires)}`);
  if (!Array.isArray(doc.items)) throw fail('no items list');
  const seen = new Set<string>();
  for (const entry of doc.items as unknown[]) {
    const problem = entryProblem(entry);
    if (problem !== undefined) throw fail(problem);
    const id = (entry as IndexEntry).id;
    if (seen.has(id)) throw fail(`advisory ${id} listed twice`);
    seen.add(id);
  }
  return doc as unknown as GroupIndex;
}

export function parseItem(plaintext: Uint8Array, path: string): ItemDocument {
  const fail = (got: string) => invalid('ITEM_MISMATCH', `an advisory item in ${path}`, got);
  const doc = parseObject(plaintext, fail);
  if (doc.format !== FORMAT_VERSION) throw fail(`format ${JSON.stringify(doc.format)}`);
  if (typeof doc.id !== 'string' || !SAFE_ID.test(doc.id)) throw fail(`id ${JSON.stringify(doc.id)}`);
  if (!Number.isSafeInteger(doc.revision)) throw fail(`revision ${JSON.stringify(doc.revision)}`);
  if (doc.status !== 'published' && doc.status !== 'withdrawn') throw fail(`status ${JSON.stringify(doc.status)}`);
  if (typeof doc.modified !== 'string' || typeof doc.markdown !== 'string' || typeof doc.html !== 'string') throw fail('missing modified/markdown/html');
  if (typeof doc.advisory !== 'object' || doc.advisory === null || Array.isArray(doc.advisory)) throw fail('no advisory object');
  return doc as unknown as ItemDocument;
}

function entryProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return 'an item entry that is not an object';
  const e = value as Record<string, unknown>;
  if (typeof e.id !== 'string' || !SAFE_ID.test(e.id)) return `item id ${JSON.stringify(e.id)}`;
  if (!Number.isSafeInteger(e.revision) || (e.revision as number) < 1) return `revision of ${e.id}`;
  if (typeof e.modified !== 'string') return `modified of ${e.id}`;
  if (e.status !== 'published' && e.status !== 'withdrawn') return `status of ${e.id}`;
  if (typeof e.sha256 !== 'string' || !HEX64.test(e.sha256)) return `sha256 of ${e.id}`;
  // Content addressing (feed-format §layout): the path is derived from the hash, never free text.
  if (e.path !== `items/${e.sha256}.pgp`) return `path ${JSON.stringify(e.path)} of ${e.id}`;
  if (!Number.isSafeInteger(e.size) || (e.size as number) < 1) return `size of ${e.id}`;
  return undefined;
}

function parseObject(plaintext: Uint8Array, fail: (got: string) => Error): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(plaintext));
  } catch {
    throw fail('bytes that are not UTF-8 JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw fail('JSON that is not an object');
  return value as Record<string, unknown>;
}

function invalid(code: PollCode, expected: string, got: string) {
  return pollError(code, `Expected ${expected}, got ${got}.`, { hint: 'The publisher signed a malformed document; tell the publisher.' });
}
