/**
 * scripts/feed/openpgp/key-import-memo.mjs: an open worker's WebCrypto answers a repeated import of
 * the same public key with the CryptoKey of the first, and nothing else: other keys, private keys,
 * other usages and refused imports go to WebCrypto each time. Real Ed25519 keys and WebCrypto;
 * only the call count is watched, through an object whose importKey forwards to the real one.
 */
import { generateKeyPairSync, webcrypto, type JsonWebKey } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { REMEMBERED_AT_MOST, rememberPublicKeyImports } from '../../scripts/feed/openpgp/key-import-memo.mjs';

const realSubtle = webcrypto.subtle;

/** Counts the imports reaching WebCrypto (keys are checked with WebCrypto itself: realSubtle). */
function countingSubtle() {
  const counted = Object.create(realSubtle) as webcrypto.SubtleCrypto & { calls: number };
  counted.calls = 0;
  counted.importKey = ((...args: Parameters<webcrypto.SubtleCrypto['importKey']>) => {
    counted.calls++;
    return (realSubtle.importKey as (...a: unknown[]) => Promise<webcrypto.CryptoKey>).apply(realSubtle, args);
  }) as webcrypto.SubtleCrypto['importKey'];
  return counted;
}

function ed25519Pair(): { publicJwk: JsonWebKey; privateJwk: JsonWebKey } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return { publicJwk: publicKey.export({ format: 'jwk' }), privateJwk: privateKey.export({ format: 'jwk' }) };
}

const importPublic = (subtle: webcrypto.SubtleCrypto, jwk: JsonWebKey, usages: webcrypto.KeyUsage[] = ['verify']) =>
  subtle.importKey('jwk', { ...jwk }, 'Ed25519', false, usages); // a fresh object each time, as openpgp.js builds it

test('a repeated import of one public key reaches WebCrypto once, and its key verifies', async () => {
  const subtle = countingSubtle();
  rememberPublicKeyImports(subtle);
  const { publicJwk, privateJwk } = ed25519Pair();
  const first = await importPublic(subtle, publicJwk);
  const again = await importPublic(subtle, publicJwk);
  assert.is(again, first);
  assert.is(subtle.calls, 1);
  const signer = await realSubtle.importKey('jwk', privateJwk, 'Ed25519', false, ['sign']);
  const data = new TextEncoder().encode('item');
  const signature = await realSubtle.sign('Ed25519', signer, data);
  assert.ok(await realSubtle.verify('Ed25519', again, signature, data));
  assert.not.ok(await realSubtle.verify('Ed25519', again, signature, new TextEncoder().encode('tampered')));
});

test('another key, other usages and private keys are imported each time', async () => {
  const subtle = countingSubtle();
  rememberPublicKeyImports(subtle);
  const a = ed25519Pair();
  const b = ed25519Pair();
  const keyA = await importPublic(subtle, a.publicJwk);
  const keyB = await importPublic(subtle, b.publicJwk);
  assert.is.not(keyB, keyA);
  // A's signature does not verify with B's key: the remembered key is the one asked for.
  const signer = await realSubtle.importKey('jwk', a.privateJwk, 'Ed25519', false, ['sign']);
  const data = new TextEncoder().encode('item');
  const signature = await realSubtle.sign('Ed25519', signer, data);
  assert.not.ok(await realSubtle.verify('Ed25519', keyB, signature, data));
  assert.ok(await realSubtle.verify('Ed25519', keyA, signature, data));
  assert.is.not(await subtle.importKey('jwk', { ...a.publicJwk }, 'Ed25519', true, ['verify']), keyA); // extractable
  assert.is(subtle.calls, 3);
  const private1 = await subtle.importKey('jwk', { ...a.privateJwk }, 'Ed25519', false, ['sign']);
  const private2 = await subtle.importKey('jwk', { ...a.privateJwk }, 'Ed25519', false, ['sign']);
  assert.is.not(private2, private1);
  assert.is(subtle.calls, 5);
  await subtle.importKey('raw', Buffer.from(a.publicJwk.x as string, 'base64url'), 'Ed25519', false, ['verify']);
  await subtle.importKey('raw', Buffer.from(a.publicJwk.x as string, 'base64url'), 'Ed25519', false, ['verify']);
  assert.is(subtle.calls, 7);
});

test('a refused import is not remembered: the next one is refused by WebCrypto again', async () => {
  const subtle = countingSubtle();
  rememberPublicKeyImports(subtle);
  const bad = { kty: 'OKP', crv: 'Ed25519', x: 'not a point' };
  for (let i = 0; i < 2; i++) {
    await subtle.importKey('jwk', { ...bad }, 'Ed25519', false, ['verify']).then(
      () => assert.unreachable('a malformed key was imported'),
      (error: Error) => assert.instance(error, Error),
    );
  }
  assert.is(subtle.calls, 2);
});

test('installing twice wraps once; past the limit it forgets and imports again', async () => {
  const subtle = countingSubtle();
  rememberPublicKeyImports(subtle);
  rememberPublicKeyImports(subtle);
  const pairs = Array.from({ length: REMEMBERED_AT_MOST + 1 }, ed25519Pair);
  const first = await importPublic(subtle, (pairs[0] as ReturnType<typeof ed25519Pair>).publicJwk);
  assert.is(await importPublic(subtle, (pairs[0] as ReturnType<typeof ed25519Pair>).publicJwk), first);
  assert.is(subtle.calls, 1); // one wrapper, not two
  for (const pair of pairs.slice(1)) await importPublic(subtle, pair.publicJwk); // the 17th import clears the 16
  assert.is(subtle.calls, REMEMBERED_AT_MOST + 1);
  assert.is.not(await importPublic(subtle, (pairs[0] as ReturnType<typeof ed25519Pair>).publicJwk), first);
  assert.is(subtle.calls, REMEMBERED_AT_MOST + 2);
});

test.run();
