// WebCrypto imports of public keys, remembered by the open workers (open-worker.mjs).
//
// openpgp.js checks each Ed25519 signature by importing the signer's public key into WebCrypto
// (`importKey('jwk', ...)`) and dropping the CryptoKey after the one `verify`. A worker that opens
// 10,000 items of one publisher imports the same key 10,000 times, ~0.08 ms each: ~16% of opening
// an item (openpgp.js alone, one thread, 2,000 items, four alternating pairs: 0.50-0.52 against
// 0.42-0.44 ms of CPU an item). A CryptoKey cannot be changed once made, so the result of an
// import can answer every later import with the same arguments. openpgp.js still decides what is
// verified, with which key, and how: this only skips making the same key object again.
//
// Only public keys are remembered (a JWK without a private part, "d"); anything else, and a
// failed import, goes to WebCrypto every time. Plain JavaScript: the workers import it.

/** Remembered imports per thread: the open workers see one publisher key (§5.2), so a few suffice. */
export const REMEMBERED_AT_MOST = 16;

/** Marks a remembering importKey, so that installing twice wraps once. */
const REMEMBERS = Symbol('remembers public key imports');

/**
 * Makes `subtle.importKey` (this thread's WebCrypto, by default) answer a repeated import of the
 * same public JWK with the CryptoKey of the first. Idempotent; returns `subtle`.
 */
export function rememberPublicKeyImports(subtle = globalThis.crypto?.subtle) {
  if (subtle === undefined || subtle.importKey[REMEMBERS] === true) return subtle;
  const importKey = subtle.importKey.bind(subtle);
  /** @type {Map<string, Promise<CryptoKey>>} */
  const imported = new Map();
  const remembering = (format, keyData, algorithm, extractable, usages) => {
    if (format !== 'jwk' || !isPublicJwk(keyData)) return importKey(format, keyData, algorithm, extractable, usages);
    const key = JSON.stringify([keyData, algorithm, extractable, usages]);
    let importing = imported.get(key);
    if (importing === undefined) {
      if (imported.size >= REMEMBERED_AT_MOST) imported.clear();
      importing = importKey(format, keyData, algorithm, extractable, usages);
      imported.set(key, importing);
      importing.catch(() => imported.delete(key)); // a refused import is not remembered
    }
    return importing;
  };
  remembering[REMEMBERS] = true;
  subtle.importKey = remembering;
  return subtle;
}

/** A JSON Web Key with no private part (RFC 7517; "d" holds the private key of EC, OKP and RSA keys). */
function isPublicJwk(keyData) {
  return typeof keyData === 'object' && keyData !== null && !ArrayBuffer.isView(keyData) && !('d' in keyData);
}
