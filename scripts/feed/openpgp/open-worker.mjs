// An open-pool worker thread (open-pool.ts). Plain JavaScript so that a worker starts without a
// TypeScript loader. It holds the pinned publisher certificate and the session keys of the
// recipient headers the pool opened (never the partner's secret key), all received from the
// client's own process. For each job it decrypts one SEIPD packet with `expectSigned: true` and
// the publisher as the only verification key, awaits the signature (feed-format §8.10), and only
// then hands the plaintext to the caller's "then" module. The openpgp.js calls are those of
// open.ts (openSealed); test/feed/open-pool.test.ts checks both accept and refuse the same files.
import { parentPort, workerData } from 'node:worker_threads';
import { decrypt, readKey, readMessage } from 'openpgp';
import { rememberPublicKeyImports } from './key-import-memo.mjs';

const { publisher: armoredKey, config, then, thenData } = workerData;
// openpgp.js imports the publisher key into WebCrypto for every signature it checks; one import serves them all.
rememberPublicKeyImports();
/** @type {Map<number, { data: Uint8Array, algorithm: string }[]>} */
const sessionKeysOf = new Map();
let ready;
try {
  const publisher = await readKey({ armoredKey, config });
  const step = await (await import(then)).setup(thenData);
  ready = { publisher, step };
} catch (error) {
  parentPort.postMessage({ id: -1, error: messageOf(error) });
}

if (ready !== undefined) {
  parentPort.on('message', (request) => {
    if (request.type === 'header') {
      sessionKeysOf.set(request.id, request.sessionKeys);
      return;
    }
    work(request).then(
      (result) => parentPort.postMessage({ id: request.id, result }),
      (error) => parentPort.postMessage({ id: request.id, error: messageOf(error) }),
    );
  });
  parentPort.postMessage({ id: -1, result: null }); // ready
}

async function work(request) {
  const sessionKeys = sessionKeysOf.get(request.header);
  if (sessionKeys === undefined) throw new Error(`open worker: unknown header ${request.header}`);
  const message = await readMessage({ binaryMessage: request.body, config });
  const result = await decrypt({
    message, sessionKeys, verificationKeys: ready.publisher, expectSigned: true, format: 'binary', config,
  });
  // As open.ts: expectSigned already waited for one good signature; check it ourselves too.
  if (result.signatures.length === 0) throw new Error('Message is not signed');
  await Promise.any(result.signatures.map((s) => s.verified));
  return ready.step(result.data, request.job);
}

function messageOf(error) {
  if (error instanceof AggregateError) return error.errors.map(messageOf).join('; ');
  return error instanceof Error ? error.message : String(error);
}
