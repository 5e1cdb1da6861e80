/**
 * An RFC 6749 §5.2 error the token endpoint answers with; thrown inside the endpoint and turned
 * into a JSON response in one place. Descriptions never contain a secret.
 */
export class OAuthError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly description: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(`${error}: ${description}`);
    this.name = 'OAuthError';
  }
}

/** Builds an `invalid_request` (400) error. */
export function invalidRequest(description: string): OAuthError {
  return new OAuthError(400, 'invalid_request', description);
}

/** Builds an `invalid_client` (401) error; `basic` adds the challenge RFC 6749 §5.2 asks for. */
export function invalidClient(description: string, basic = false): OAuthError {
  const headers: Record<string, string> = basic
    ? { 'www-authenticate': 'Basic realm="visma-connect-mock", charset="UTF-8"' }
    : {};
  return new OAuthError(401, 'invalid_client', description, headers);
}
