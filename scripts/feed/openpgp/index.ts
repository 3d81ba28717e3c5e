/**
 * The OpenPGP wrapper: the only code that imports openpgp.js (CONTRIBUTING.md). Import it as
 * `scripts/feed/openpgp.js`.
 *
 * Rules: openpgp.js >= 6.1.1; v4 keys and SEIPDv1 only (GnuPG 2.2), no compression, never
 * `aeadProtect`; openSealed() always decrypts with `expectSigned: true` and pinned verification keys.
 */
export type { Certificate, CryptoCode, KeyProblemCode, KeyReport, Sealer, SecretKey, SignedPayload, TimeOptions } from './types.js';
export { readCertificate, readSecretKey } from './read-keys.js';
export { inspectKey } from './inspect-key.js';
export { createSealer } from './seal.js';
export { createKeyring, type GroupRecipients, type KeyCheck, type KeyFile, type Keyring, type KnownKeyChecks, type RecipientSet } from './keyring.js';
export { signPayload } from './signed-payload.js';
export { recipientsIdFor } from './recipients.js';
export { createOpenCache, openSealed, type OpenCache, type OpenOptions } from './open.js';
export { openInWorker, openSealedAside } from './open-aside.js';
export { signDetached, verifyDetached } from './detached.js';
export {
  createSealPool, SealedFileWriteError, type FileToWrite, type InThreadSealPool, type SealedFile, type SealPool, type WorkerSealPool,
} from './seal-pool.js';
export { createOpenPool, defaultOpenThreads, type OpenPool, type OpenPoolOptions } from './open-pool.js';
