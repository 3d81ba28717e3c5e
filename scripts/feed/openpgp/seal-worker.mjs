// A seal-pool worker thread (seal-pool.ts). Plain JavaScript so that a worker starts without a
// TypeScript loader (~0.3 s and a loader thread less per worker). It holds the unlocked signing
// key and the session keys and recipient headers of the build's sealers, all received by
// postMessage from the build's own process, and for each job signs one plaintext once, seals it
// under each sealer named (feed-format §5.3) and writes the files (sealInto), makes a detached
// signature (§5.4), or writes files with their detached signatures beside them (writeFiles). It signs with sign.mjs, as signed-payload.ts
// and detached.ts do, and encrypts with seipd.mjs as seal.ts (sealMessage) does, with the same config
// (PGP_CONFIG, passed in workerData): test/build/seal-pool.test.ts checks the files open like theirs.
import { createHash } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { readPrivateKey } from 'openpgp';
import { encryptSigned } from './seipd.mjs';
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
  if (request.type === 'files') {
    void writeFiles(request).then((reply) => parentPort.postMessage(reply));
    return;
  }
  if (request.type === 'detached') {
    signDetached(request.data).then(
      (signature) => parentPort.postMessage({ id: request.id, signature }),
      (error) => parentPort.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) }),
    );
    return;
  }
  void sealInto(request).then((reply) => parentPort.postMessage(reply)); // type 'into'
});
parentPort.postMessage({ id: -1 }); // ready

async function seal(plaintext, ids) {
  const signed = await signInline(signingKey, plaintext, new Date(), config);
  const sealed = [];
  for (const id of ids) {
    const parts = sealers.get(id);
    if (parts === undefined) throw new Error(`seal worker: unknown sealer ${id}`);
    // As seal.ts sealMessage: only the SEIPDv1 packet, after the header.
    const body = await encryptSigned(signed, parts.sessionKey, config);
    const file = new Uint8Array(parts.header.length + body.length);
    file.set(parts.header, 0);
    file.set(body, parts.header.length);
    sealed.push(file);
  }
  return sealed;
}

/** A sealInto job's reply: the files written, or the error (with the errno code and path if writing failed). */
async function sealInto({ id, plaintext, sealers: ids, folders }) {
  let sealed;
  try {
    sealed = await seal(plaintext, ids);
  } catch (error) {
    return { id, error: error instanceof Error ? error.message : String(error) };
  }
  try {
    return { id, files: writeInto(sealed, folders) };
  } catch (error) {
    return { id, error: error.message, writeError: { code: error.code, path: error.path } };
  }
}

/**
 * Writes sealed[k] into folders[k] as `<sha256>.pgp` (feed/paths.ts itemPath: items are named by
 * the SHA-256 of their bytes), never over an existing file: one that exists already has the same
 * bytes, and is reported with created: false. On a failure the files this job created, and the
 * one it was writing, are removed before the error goes back.
 */
function writeInto(sealed, folders) {
  const files = [];
  const created = [];
  try {
    for (const [k, bytes] of sealed.entries()) {
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const file = `${folders[k]}/${sha256}.pgp`;
      files.push({ sha256, size: bytes.length, created: write(file, bytes) });
      if (files.at(-1).created) created.push(file);
    }
  } catch (error) {
    for (const file of created) rmSync(file, { force: true });
    throw error;
  }
  return files;
}

/**
 * A writeFiles job: each file written to its path, a signed one with its detached signature
 * beside it (`<path>.asc`), never over an existing file. On a failure the files this job created
 * are removed before the error goes back (with the errno code and path if writing failed).
 */
async function writeFiles({ id, files }) {
  const created = [];
  try {
    for (const { path, data, sign } of files) {
      const signature = sign ? Buffer.from(await signDetached(data), 'utf8') : undefined;
      createNew(path, data);
      created.push(path);
      if (signature !== undefined) {
        createNew(`${path}.asc`, signature);
        created.push(`${path}.asc`);
      }
    }
  } catch (error) {
    for (const file of created) rmSync(file, { force: true });
    const message = error instanceof Error ? error.message : String(error);
    return error?.syscall === undefined ? { id, error: message } : { id, error: message, writeError: { code: error.code, path: error.path } };
  }
  return { id, written: created.length };
}

/** Writes a new file, and fails if it exists (EEXIST). A failed write leaves no file behind. */
function createNew(file, bytes) {
  try {
    writeFileSync(file, bytes, { flag: 'wx' });
  } catch (error) {
    if (error.code !== 'EEXIST') rmSync(file, { force: true });
    throw error;
  }
}

/** Writes a new file; false if it exists. A failed write leaves no file behind. */
function write(file, bytes) {
  try {
    createNew(file, bytes);
    return true;
  } catch (error) {
    if (error.code === 'EEXIST') return false;
    throw error;
  }
}

/** As detached.ts signDetached: a binary-document signature, armoured (feed-format §5.4). */
function signDetached(data) {
  return signDetachedArmored(signingKey, data, new Date(), config);
}
