// A "then" module for test/feed/open-pool.test.ts: echoes what the worker verified, and refuses
// a job that asks it to, as the client's item-worker.mjs refuses a malformed item. A job asking
// `probe` learns whether the worker's WebCrypto remembers key imports (key-import-memo.mjs).
import { TextDecoder } from 'node:util';

export async function setup(data) {
  return (plaintext, job) => {
    if (job.refuse) throw new Error('refused by the then-step');
    if (job.probe) return { importsRemembered: Object.hasOwn(globalThis.crypto.subtle, 'importKey') };
    return { text: new TextDecoder().decode(plaintext), job, data };
  };
}
