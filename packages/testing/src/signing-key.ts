import { type CryptoKey, calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';

/** The server's token signing key: private half for signing, public JWK for the JWKS endpoint. */
export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

let shared: Promise<SigningKey> | undefined;

/**
 * The process-wide signing key, generated once: RSA key generation takes a few hundred ms, and
 * test suites start many servers.
 */
export function sharedSigningKey(): Promise<SigningKey> {
  shared ??= createSigningKey();
  shared.catch(() => {
    shared = undefined;
  });
  return shared;
}

/** Generates a fresh RS256 key pair with its thumbprint as `kid`. */
export async function createSigningKey(): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { modulusLength: 2048 });
  const jwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(jwk);
  return { kid, privateKey, publicJwk: { ...jwk, kid, use: 'sig', alg: 'RS256' } };
}
