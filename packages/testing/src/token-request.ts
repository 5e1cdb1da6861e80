import { invalidRequest, OAuthError } from './oauth-error.js';
import type { MockClient } from './types.js';

/** What an authenticated client_credentials request asks for, once validated. */
export interface TokenGrant {
  scopes: string[];
  tenantId?: string;
}

/** Description Visma Connect gives when a tenant has not granted the application access. */
export const TENANT_NOT_ENTITLED =
  'The application user or subscription is not entitled to use the API';

/**
 * Validates grant type, scopes and tenant of a token request against the client's registration.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.4
 */
export function validateGrant(form: Map<string, string>, client: MockClient): TokenGrant {
  const grantType = form.get('grant_type');
  if (!grantType) throw invalidRequest('grant_type is required.');
  if (grantType !== 'client_credentials') {
    throw new OAuthError(
      400,
      'unsupported_grant_type',
      `Grant type ${grantType} is not supported; service applications use client_credentials.`,
    );
  }
  const scope = form.get('scope')?.trim();
  if (!scope) throw invalidRequest('scope is required (space-separated scope names).');
  const scopes = [...new Set(scope.split(/\s+/))];
  const denied = scopes.filter((s) => !client.allowedScopes.includes(s));
  if (denied.length > 0) {
    throw new OAuthError(
      400,
      'invalid_scope',
      `Client ${client.clientId} is not allowed scope ${denied.join(' ')}.`,
    );
  }
  const tenantId = form.get('tenant_id');
  if (tenantId !== undefined && !client.tenants?.includes(tenantId)) {
    throw new OAuthError(
      400,
      'invalid_tenant',
      `${TENANT_NOT_ENTITLED}: tenant ${tenantId} has not granted client ${client.clientId} access.`,
    );
  }
  return tenantId === undefined ? { scopes } : { scopes, tenantId };
}
