// The client's work on an item inside an open-pool worker (scripts/feed/openpgp/open-pool.ts),
// run only on a plaintext the worker has decrypted and whose signature by the pinned publisher
// key verified (feed-format §8.10): parse it strictly against §3.3, check it is the advisory of
// its index entry (§8.11), render its two mirror files and, only then, write them where the main
// thread stages them (staging.ts: synchronous writes, data made durable later for all files at
// once), so that the main thread only fetches. Plain JavaScript (workers start without a
// TypeScript loader).
//
// The checks are those of parse-documents.ts (UTF-8, JSON, the same JSON Schema object, passed in
// by item-verifier.ts, compiled with the same Ajv options) and verify-item-entry.ts. A refusal
// here carries no code on purpose: item-verifier.ts then verifies the same bytes in its own
// thread, whose typed error is the one reported (test/poll/item-verifier.test.ts).
import { writeFileSync } from 'node:fs';
import { TextDecoder } from 'node:util';
import AjvModule from 'ajv';
import addFormatsModule from 'ajv-formats';
import { renderFiles } from './render-markdown.mjs';

/** @param {{ schema: object }} data */
export async function setup({ schema }) {
  const ajv = new AjvModule.default({ strict: true, allErrors: false, validateSchema: false }); // as parse-documents.ts
  addFormatsModule.default(ajv, ['date-time']);
  const validate = ajv.compile(schema);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  /**
   * @param {Uint8Array} plaintext
   * @param {{ entry: { id: string, revision: number, modified: string, status: string }, paths: { json: string, md: string } }} job
   */
  return (plaintext, { entry, paths }) => {
    const item = JSON.parse(decoder.decode(plaintext));
    if (!validate(item)) throw new Error('not a valid item document (feed-format §3.3)');
    for (const field of ['id', 'revision', 'modified', 'status']) {
      if (item[field] !== entry[field]) throw new Error(`${field} differs from its index entry (feed-format §8.11)`);
    }
    const files = renderFiles(item, plaintext);
    writeFileSync(paths.json, files.json, { mode: 0o600 });
    writeFileSync(paths.md, files.md, { mode: 0o600 });
    return null;
  };
}
