import type { Config, Message } from 'openpgp';

/**
 * The SEIPDv1 packet of a signed message under a session key, as openpgp.js's encrypt() writes it
 * without recipients (made by node:crypto where it can be: seipd.mjs).
 */
export function encryptSigned(message: Message<Uint8Array>, sessionKey: { data: Uint8Array; algorithm: string }, config: Config): Promise<Uint8Array>;
