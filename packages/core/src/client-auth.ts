import { type CryptoKey, importJWK, importPKCS8, type JWK } from 'jose';
import * as oauth from 'oauth4webapi';
import { VismaConfigError } from './errors.js';
import { isCryptoKey } from './private-key.js';
import type { ResolvedOptions } from './resolve-options.js';

/**
 * Builds the oauth4webapi client authentication for the configured method; private keys are
 * imported once with jose and then kept as non-extractable CryptoKeys.
 */
export async function createClientAuth(options: ResolvedOptions): Promise<oauth.ClientAuth> {
  switch (options.authMethod) {
    case 'client_secret_basic':
      return oauth.ClientSecretBasic(options.clientSecret as string);
    case 'private_key_jwt': {
      const { key, kid } = await importPrivateKey(options);
      // oauth4webapi signs a fresh assertion (new jti, 60 s lifetime) for every request.
      return oauth.PrivateKeyJwt({ key, kid });
    }
    default:
      return oauth.ClientSecretPost(options.clientSecret as string);
  }
}

async function importPrivateKey(
  options: ResolvedOptions,
): Promise<{ key: CryptoKey; kid?: string }> {
  const input = options.privateKey;
  try {
    if (typeof input === 'string') {
      // A PEM does not name its algorithm; RS256 is what Visma's JWKS use. Pass a JWK for EC keys.
      return withKid(await importPKCS8(input, 'RS256'), options.keyId);
    }
    if (isCryptoKey(input)) {
      return withKid(input, options.keyId);
    }
    const candidate = input as { export?: (o: { format: 'jwk' }) => object };
    const jwk = (
      typeof candidate.export === 'function' ? candidate.export({ format: 'jwk' }) : input
    ) as JWK;
    const key = await importJWK({ ...jwk, ext: false }, jwk.alg ?? defaultAlg(jwk));
    if (!isCryptoKey(key)) {
      throw new TypeError('symmetric keys are not supported');
    }
    return withKid(key, options.keyId ?? jwk.kid);
  } catch (error) {
    if (error instanceof VismaConfigError) throw error;
    // jose's messages describe the key type problem, never the key material.
    throw new VismaConfigError(
      'privateKey',
      `could not import the private key (${error instanceof Error ? error.message : 'unknown error'})`,
    );
  }
}

function withKid(key: CryptoKey, kid: string | undefined): { key: CryptoKey; kid?: string } {
  return kid === undefined ? { key } : { key, kid };
}

function defaultAlg(jwk: JWK): string {
  switch (jwk.kty) {
    case 'EC':
      return jwk.crv === 'P-384' ? 'ES384' : jwk.crv === 'P-521' ? 'ES512' : 'ES256';
    case 'OKP':
      return 'Ed25519';
    default:
      return 'RS256';
  }
}
