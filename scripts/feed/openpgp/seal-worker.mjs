// A seal-pool worker thread (seal-pool.ts). Plain JavaScript so that a worker starts without a
// TypeScript loader (~0.3 s and a loader thread less per worker). It holds the unlocked signing
// key and the session keys and recipient headers of the build's sealers, all received by
// postMessage from the build's own process, and for each job signs one plaintext once and seals
// it under each sealer named (feed-format §5.3), or makes a detached signature (§5.4). It signs
// with sign.mjs, as signed-payload.ts and detached.ts do, and encrypts as seal.ts (sealMessage)
// does, with the same config (PGP_CONFIG, passed in workerData): test/build/seal-pool.test.ts
// checks the files open like theirs.
import { parentPort, workerData } from 'node:worker_threads';
import { encrypt, readPrivateKey } from 'openpgp';
import { signDetachedArmored, signInline } from './sign.mjs';

const { armoredKey, config } = workerData;
const signingKey = await readPrivateKey({ armoredKey, config });
/** @type {Map<number, { sessionKey: { data: Uint8Array, algorithm: string }, header: Uint8Array }>} */
const sealers = new Map();

parentPort.on('message', (request) => {
  if (request.type === 'sealer') {
    sealers.set(request.id, request.parts);
    return;
  }
  if (request.type === 'detached') {
    signDetached(request.data).then(
      (signature) => parentPort.postMessage({ id: request.id, signature }),
      (error) => parentPort.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) }),
    );
    return;
  }
  seal(request.plaintext, request.sealers).then(
    (sealed) => parentPort.postMessage({ id: request.id, sealed }, sealed.map((s) => s.buffer)),
    (error) => parentPort.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) }),
  );
});
parentPort.postMessage({ id: -1, sealed: [] }); // ready

async function seal(plaintext, ids) {
  const signed = await signInline(signingKey, plaintext, new Date(), config);
  const sealed = [];
  for (const id of ids) {
    const parts = sealers.get(id);
    if (parts === undefined) throw new Error(`seal worker: unknown sealer ${id}`);
    // As seal.ts sealMessage: no encryptionKeys, so only the SEIPDv1 packet, after the header.
    const body = await encrypt({ message: signed, sessionKey: parts.sessionKey, format: 'binary', config });
    const file = new Uint8Array(parts.header.length + body.length);
    file.set(parts.header, 0);
    file.set(body, parts.header.length);
    sealed.push(file);
  }
  return sealed;
}

/** As detached.ts signDetached: a binary-document signature, armoured (feed-format §5.4). */
function signDetached(data) {
  return signDetachedArmored(signingKey, data, new Date(), config);
}
