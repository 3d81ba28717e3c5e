/**
 * The OpenPGP wrapper (seal = sign + encrypt, open = decrypt + verify). The implementation lives
 * in ./openpgp/; this file keeps the import path `scripts/feed/openpgp.js` stable.
 */
export * from './openpgp/index.js';
