import {
  decodeJwt,
  decodeProtectedHeader,
  type JWTPayload,
  type ProtectedHeaderParameters,
} from 'jose';

/** Header and claims of a JWT access token, unverified. */
export interface DecodedAccessToken {
  header: ProtectedHeaderParameters;
  payload: JWTPayload & { client_id?: string; tenant_id?: string; scope?: string | string[] };
}

/**
 * Decodes a JWT access token for display or diagnostics, without verifying it; the provider
 * reads only `exp` from it, to expire the token no later than the claim says.
 * @returns the header and payload, or `undefined` for opaque or malformed tokens.
 * @example
 * ```ts
 * const claims = decodeAccessToken((await provider.getToken()).accessToken)?.payload;
 * console.log(claims?.tenant_id, claims?.aud);
 * ```
 */
export function decodeAccessToken(token: string): DecodedAccessToken | undefined {
  if (typeof token !== 'string' || token.split('.').length !== 3) return undefined;
  try {
    return { header: decodeProtectedHeader(token), payload: decodeJwt(token) };
  } catch {
    return undefined;
  }
}
