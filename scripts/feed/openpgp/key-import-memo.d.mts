import type { webcrypto } from 'node:crypto';
/** Imports remembered per thread at most (key-import-memo.mjs). */
export const REMEMBERED_AT_MOST: number;
/** Makes `subtle.importKey` answer a repeated import of the same public JWK with the first's CryptoKey. */
export function rememberPublicKeyImports(subtle?: webcrypto.SubtleCrypto): webcrypto.SubtleCrypto | undefined;
