// Node's own Ed25519 signer, reached without importing a Node module (the sdk stays browser-safe and compiles
// without Node's types): `process.getBuiltinModule('node:crypto')` where it exists (Node >= 20.16), nothing in a
// browser. Synchronous: no thread-pool hop and no promise per signature, unlike WebCrypto's async `sign`.

interface NodeCryptoLike {
  createPrivateKey(options: { key: Uint8Array; format: 'der'; type: 'pkcs8' }): unknown;
  sign(algorithm: null, data: Uint8Array, key: unknown): Uint8Array;
}

interface ProcessLike {
  getBuiltinModule?: (id: string) => unknown;
}

// PKCS#8 DER of an Ed25519 private key, up to the 32-byte seed that follows it (RFC 8410).
const PKCS8_ED25519_PREFIX = [0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20];

/**
 * A synchronous Ed25519 signer for the 32-byte `seed` from the platform (Node's crypto), or undefined where there
 * is none (`host` is the global object to look in).
 */
export function nativeEd25519Signer(seed: Uint8Array, host: object = globalThis): ((data: Uint8Array) => Uint8Array) | undefined {
  try {
    const proc = (host as { process?: ProcessLike }).process;
    const crypto = proc?.getBuiltinModule?.('node:crypto') as NodeCryptoLike | undefined;
    if (crypto === undefined || typeof crypto.sign !== 'function' || typeof crypto.createPrivateKey !== 'function') return undefined;
    const der = new Uint8Array(PKCS8_ED25519_PREFIX.length + seed.length);
    der.set(PKCS8_ED25519_PREFIX);
    der.set(seed, PKCS8_ED25519_PREFIX.length);
    const key = crypto.createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
    der.fill(0);
    return (data) => crypto.sign(null, data, key);
  } catch {
    return undefined;
  }
}
