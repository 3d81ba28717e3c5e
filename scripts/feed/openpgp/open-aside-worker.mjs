// A worker thread for open-aside.ts: opens one sealed file (its bytes, or read here from its path)
// with open.ts's openSealed, the very function the calling thread would run (compiled beside this
// file in dist/, or its TypeScript source when the code runs from the sources: import-sibling.mjs),
// and moves the verified plaintext back. A file it refuses is answered with an error, and the
// calling thread opens it again itself, to report the typed error.
import { readFileSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { messageOf, serveSibling } from '../import-sibling.mjs';

// One module (the wrapper's index), so that the keys it reads are the ones its openSealed knows.
await serveSibling(import.meta.url, './index', ({ openSealed, readSecretKey, readCertificate }) => {
  parentPort.on('message', async ({ id, message, path, decryptionKey, publisher }) => {
    try {
      const keys = { decryptionKey: await readSecretKey(decryptionKey), publisher: await readCertificate(publisher) };
      const opened = await openSealed(message ?? readFileSync(path), keys);
      // Moved, so a buffer of its own (not a view into a larger one, such as Buffer's pool).
      const plaintext = opened.byteOffset === 0 && opened.byteLength === opened.buffer.byteLength ? opened : opened.slice();
      parentPort.postMessage({ id, plaintext }, [plaintext.buffer]);
    } catch (error) {
      parentPort.postMessage({ id, error: messageOf(error) });
    }
  });
});
