import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type JsonWebKey, type KeyObject } from 'node:crypto';

/** A workspace's public signing key, as verifiers need it (no secret in it). */
export interface WorkspaceSigningKey {
  /** RFC 7638 JWK thumbprint (SHA-256, base64url) of the public key. */
  keyId: string;
  algorithm: 'Ed25519';
  publicKeyPem: string;
  publicKeyJwk: { kty: 'OKP'; crv: 'Ed25519'; x: string; kid: string };
  createdAt: number;
}

export interface Ed25519KeyPair {
  publicKey: KeyObject;
  privateKey: KeyObject;
}

const bytesOf = (data: Uint8Array | string): Buffer => (typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data));

export function generateEd25519(): Ed25519KeyPair {
  return generateKeyPairSync('ed25519');
}

/** RFC 7638 thumbprint of an Ed25519 public JWK: SHA-256 over its required members in lexicographic order. */
export function jwkThumbprint(x: string): string {
  return createHash('sha256').update(JSON.stringify({ crv: 'Ed25519', kty: 'OKP', x })).digest('base64url');
}

export function publicKeyView(publicKey: KeyObject, createdAt: number): WorkspaceSigningKey {
  const jwk = publicKey.export({ format: 'jwk' }) as { x: string };
  const keyId = jwkThumbprint(jwk.x);
  return {
    keyId,
    algorithm: 'Ed25519',
    publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    publicKeyJwk: { kty: 'OKP', crv: 'Ed25519', x: jwk.x, kid: keyId },
    createdAt,
  };
}

/** Raw Ed25519 signature of `data`, base64url. */
export function signEd25519(privateKey: KeyObject, data: Uint8Array | string): string {
  return sign(null, bytesOf(data), privateKey).toString('base64url');
}

function publicKeyOf(key: string | JsonWebKey | KeyObject): KeyObject {
  if (typeof key === 'string') return createPublicKey(key);
  if ('asymmetricKeyType' in key && typeof (key as KeyObject).export === 'function') return key as KeyObject;
  const { kty, crv, x } = key as JsonWebKey;
  return createPublicKey({ key: { kty, crv, x } as JsonWebKey, format: 'jwk' });
}

/**
 * Checks a raw Ed25519 signature (base64url or base64) over `data` with a public key given as PEM (SPKI), JWK or
 * KeyObject. Pure: no server, no database. A malformed key or signature is `false`, never a throw.
 */
export function verifySignature(publicKey: string | JsonWebKey | KeyObject, data: Uint8Array | string, signature: string): boolean {
  try {
    const key = publicKeyOf(publicKey);
    if (key.asymmetricKeyType !== 'ed25519') return false;
    const bytes = Buffer.from(signature, signature.includes('+') || signature.includes('/') ? 'base64' : 'base64url');
    if (bytes.length !== 64) return false;
    return verify(null, bytesOf(data), key, bytes);
  } catch {
    return false;
  }
}

export function privateKeyFromPem(pem: string): KeyObject {
  return createPrivateKey(pem);
}
