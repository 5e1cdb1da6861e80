/**
 * The shapes a `private_key_jwt` key may take, checked up front so a wrong key fails at
 * construction instead of on the first token request.
 */
import type { CryptoKey } from 'jose';
import { VismaConfigError } from './errors.js';

/** Throws a {@link VismaConfigError} unless `key` is a PKCS#8 PEM, a private JWK, CryptoKey or KeyObject. */
export function checkPrivateKeyShape(key: unknown): void {
  if (typeof key === 'string') {
    if (!key.includes('-----BEGIN PRIVATE KEY-----')) {
      throw new VismaConfigError(
        'privateKey',
        'a string key must be a PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----")',
      );
    }
    return;
  }
  if (typeof key !== 'object' || key === null) {
    throw new VismaConfigError(
      'privateKey',
      'must be a JWK object, a PKCS#8 PEM string, a CryptoKey or a KeyObject',
    );
  }
  if (isCryptoKey(key)) {
    if (key.type !== 'private')
      throw new VismaConfigError('privateKey', 'must be a private key, not a public one');
    return;
  }
  const candidate = key as { type?: unknown; export?: unknown; kty?: unknown; d?: unknown };
  if (typeof candidate.export === 'function') {
    if (candidate.type !== 'private')
      throw new VismaConfigError('privateKey', 'must be a private KeyObject');
    return;
  }
  if (typeof candidate.kty !== 'string' || typeof candidate.d !== 'string') {
    throw new VismaConfigError('privateKey', 'a JWK must be a private key (with "kty" and "d")');
  }
}

/** Whether `value` is a WebCrypto `CryptoKey` (checked by brand, so it works across realms). */
export function isCryptoKey(value: unknown): value is CryptoKey {
  return Object.prototype.toString.call(value) === '[object CryptoKey]';
}
