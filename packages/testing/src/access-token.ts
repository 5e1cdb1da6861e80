import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { SigningKey } from './signing-key.js';
import type { TokenGrant } from './token-request.js';

/** What goes into an access token besides the grant. */
export interface TokenContext {
  key: SigningKey;
  issuer: string;
  audience: string | string[] | undefined;
  clientId: string;
  lifetimeSeconds: number;
  nowSeconds: number;
}

/**
 * Signs a self-contained RS256 access token with the claims Visma Connect puts in one; `scope` is
 * space-separated as in RFC 9068.
 * @see https://www.rfc-editor.org/rfc/rfc9068
 */
export async function signAccessToken(grant: TokenGrant, ctx: TokenContext): Promise<string> {
  const claims: Record<string, unknown> = {
    client_id: ctx.clientId,
    scope: grant.scopes.join(' '),
  };
  if (grant.tenantId !== undefined) claims.tenant_id = grant.tenantId;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: ctx.key.kid, typ: 'at+jwt' })
    .setIssuer(ctx.issuer)
    .setAudience(ctx.audience ?? defaultAudience(grant.scopes))
    .setNotBefore(ctx.nowSeconds)
    .setIssuedAt(ctx.nowSeconds)
    .setExpirationTime(ctx.nowSeconds + ctx.lifetimeSeconds)
    .setJti(randomUUID())
    .sign(ctx.key.privateKey);
}

/** One audience per API of the granted scopes (`api` of `api:permission`), like Visma's list of APIs. */
export function defaultAudience(scopes: string[]): string | string[] {
  const apis = [...new Set(scopes.map((s) => s.split(':')[0] ?? s))];
  return apis.length === 1 ? (apis[0] ?? '') : apis;
}
