/** Paths the mock serves, as on connect.visma.com. */
export const PATHS = {
  discovery: '/.well-known/openid-configuration',
  jwks: '/.well-known/openid-configuration/jwks',
  token: '/connect/token',
} as const;

/** Client authentication methods the token endpoint accepts. */
export const AUTH_METHODS = [
  'client_secret_post',
  'client_secret_basic',
  'private_key_jwt',
] as const;

/** Algorithms accepted for `private_key_jwt` assertions (asymmetric only). */
export const ASSERTION_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
];

/**
 * The OpenID Provider metadata document, limited to what the mock implements plus the fields
 * OpenID Discovery requires.
 * @see https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderMetadata
 */
export function discoveryDocument(url: string, issuer: string, scopes: string[]) {
  return {
    issuer,
    jwks_uri: url + PATHS.jwks,
    token_endpoint: url + PATHS.token,
    scopes_supported: scopes,
    claims_supported: ['client_id', 'scope', 'tenant_id', 'aud', 'iss', 'nbf', 'iat', 'exp', 'jti'],
    grant_types_supported: ['client_credentials'],
    response_types_supported: ['token'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    token_endpoint_auth_methods_supported: [...AUTH_METHODS],
    token_endpoint_auth_signing_alg_values_supported: ASSERTION_ALGORITHMS,
  };
}
