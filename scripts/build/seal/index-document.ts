/**
 * A group index's bytes (feed-format §3.2, canonical JSON per §4), written from each entry's
 * canonical JSON, which is made once per entry and also hashed to decide whether the index must be
 * re-issued at all (indexContentHash). An index of 10,000 entries is serialised on every build
 * that changes it, and its content hashed on every build: one string per entry instead of an
 * object, a sorted copy and a second serialisation (~60 -> ~25 ms a group).
 *
 * The bytes are exactly canonicalBytes(index): test/build/seal/index-document.test.ts checks that
 * for arbitrary entries, and the compile-time checks below fail when a field is added to
 * IndexEntry or GroupIndex but not here.
 */
import { createHash } from 'node:crypto';
import { FORMAT_VERSION, type GroupIndex, type IndexEntry } from '../../feed/format.js';

/** The fields entryJson writes, and those encodeIndex writes besides `items`. */
type EntryField = 'id' | 'modified' | 'path' | 'revision' | 'sha256' | 'size' | 'status';
type HeadField = 'expires' | 'format' | 'generated' | 'group' | 'publisher' | 'sequence';
// Fails to compile when IndexEntry or GroupIndex gains (or loses) a field these do not write.
const everyEntryField: [Exclude<keyof IndexEntry, EntryField>, Exclude<EntryField, keyof IndexEntry>] extends [never, never] ? true : never = true;
const everyHeadField: [Exclude<keyof GroupIndex, HeadField | 'items'>, Exclude<HeadField, keyof GroupIndex>] extends [never, never] ? true : never = true;
void everyEntryField;
void everyHeadField;

/**
 * One entry's canonical JSON: `{"id":…,"modified":…,"path":…,"revision":…,"sha256":…,"size":…,"status":…}`.
 * One JSON.stringify of an object made with its keys in that (sorted) order, which V8 writes
 * straight into one flat string: a template of five JSON.stringify calls made ~13 pieces an
 * entry and flattened them again when hashed, ~1 KB of garbage an entry (~90 MB an edit at
 * 10,000 advisories, whose nine indexes have 90,000 entries).
 */
export function entryJson(entry: IndexEntry): string {
  checkCount(entry.revision, 'revision');
  checkCount(entry.size, 'size');
  const ordered: { [K in EntryField]: IndexEntry[K] } = {
    id: entry.id, modified: entry.modified, path: entry.path, revision: entry.revision, sha256: entry.sha256, size: entry.size, status: entry.status,
  };
  return JSON.stringify(ordered);
}

/**
 * The index as canonical JSON bytes, its items given as their entryJson strings (in index order).
 * Each entry is encoded straight into one buffer: joining 10,000 entries into one string and
 * encoding that copied the text twice more (~45 against ~20 ms for an index of 2.6 MB).
 */
export function encodeIndex(head: Omit<GroupIndex, 'items'>, entries: readonly string[]): Uint8Array {
  checkCount(head.sequence, 'sequence');
  const before = `{"expires":${JSON.stringify(head.expires)},"format":${JSON.stringify(head.format)},"generated":${JSON.stringify(head.generated)},"group":${JSON.stringify(head.group)},"items":[`;
  const after = `],"publisher":${JSON.stringify(head.publisher)},"sequence":${head.sequence}}`;
  let size = Buffer.byteLength(before) + Buffer.byteLength(after) + Math.max(0, entries.length - 1);
  for (const entry of entries) size += Buffer.byteLength(entry);
  // Not from Buffer's shared pool: the bytes may be moved to a worker thread with their buffer.
  const bytes = Buffer.allocUnsafeSlow(size);
  let at = bytes.write(before, 0);
  entries.forEach((entry, i) => {
    if (i > 0) bytes[at++] = 0x2c; // ','
    at += bytes.write(entry, at);
  });
  at += bytes.write(after, at);
  if (at !== size) throw new Error(`index: expected ${size} bytes written, got ${at}`);
  return new Uint8Array(bytes.buffer, 0, size);
}

/**
 * What an index says apart from its timing (sequence, generated, expires), and who it is sealed
 * for: unchanged means the published index can stay (next-index.ts). Each entry's JSON is one
 * line (JSON never holds a raw newline), so text cannot move from one entry to the next.
 */
export function indexContentHash(group: string, publisher: string, recipientsId: string, entries: readonly string[]): string {
  const hash = createHash('sha256').update(`index-content/3\n${JSON.stringify([FORMAT_VERSION, group, publisher, recipientsId])}\n`);
  // Entries joined a chunk at a time: two hash updates per entry (180,000 an edit at 10,000
  // advisories) cost ~3x one per chunk, and no copy of all the entries is ever made.
  for (let at = 0; at < entries.length; at += HASH_CHUNK) hash.update(`${entries.slice(at, at + HASH_CHUNK).join('\n')}\n`);
  return hash.digest('hex');
}

/** Entries hashed per update (indexContentHash). */
const HASH_CHUNK = 256;

/** Counts are written as plain integers; anything else is a bug upstream, never a silent `null`. */
function checkCount(value: number, field: string): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`index: expected a non-negative integer ${field}, got ${value}`);
}
