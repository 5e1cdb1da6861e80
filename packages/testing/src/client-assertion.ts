import { createLocalJWKSet, decodeJwt, errors, jwtVerify } from 'jose';
import { ASSERTION_ALGORITHMS } from './discovery.js';
import { invalidClient, invalidRequest } from './oauth-error.js';
import type { ReplayStore } from './replay-store.js';
import type { MockClient } from './types.js';

/** The only assertion type RFC 7523 defines for client authentication. */
export const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** Reads the client id a `private_key_jwt` assertion claims (`sub`, else `iss`) before verifying it. */
export function assertionClientId(assertion: string): string {
  try {
    const claims = decodeJwt(assertion);
    const id = claims.sub ?? claims.iss;
    if (typeof id === 'string' && id) return id;
  } catch {
    // fall through
  }
  throw invalidClient('The client_assertion is not a JWT with iss and sub set to the client id.');
}

/** What a client assertion is checked against. */
export interface AssertionContext {
  /** Accepted `aud` values: the token endpoint URL and the issuer. */
  audiences: string[];
  nowMs: number;
  replay: ReplayStore;
}

/**
 * Verifies a `private_key_jwt` client assertion: signature against the client's registered JWKS,
 * `iss` = `sub` = client id, `aud`, `exp` present and not past, and a `jti` used only once.
 * @see https://www.rfc-editor.org/rfc/rfc7523#section-3
 */
export async function verifyClientAssertion(
  assertion: string,
  assertionType: string | undefined,
  client: MockClient,
  ctx: AssertionContext,
): Promise<void> {
  if (assertionType !== JWT_BEARER) {
    throw invalidRequest(`client_assertion_type must be ${JWT_BEARER}.`);
  }
  if (!client.jwks) {
    throw invalidClient(`Client ${client.clientId} has no keys registered for private_key_jwt.`);
  }
  let payload: { exp?: number; jti?: string };
  try {
    ({ payload } = await jwtVerify(assertion, createLocalJWKSet(client.jwks), {
      issuer: client.clientId,
      subject: client.clientId,
      audience: ctx.audiences,
      currentDate: new Date(ctx.nowMs),
      requiredClaims: ['exp', 'jti'],
      algorithms: ASSERTION_ALGORITHMS,
    }));
  } catch (error) {
    throw invalidClient(`The client_assertion was rejected: ${describe(error)}`);
  }
  const expiresAt = (payload.exp ?? 0) * 1000;
  if (!ctx.replay.use(`${client.clientId}\n${payload.jti}`, expiresAt, ctx.nowMs)) {
    throw invalidClient('The client_assertion jti was already used; assertions are single-use.');
  }
}

function describe(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'it has expired (exp is in the past).';
  if (error instanceof errors.JWTClaimValidationFailed) {
    return `the ${error.claim} claim is missing or wrong (${error.reason}).`;
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return 'the signature does not match any registered key.';
  }
  if (error instanceof errors.JWKSNoMatchingKey) return 'no registered key matches its header.';
  if (error instanceof errors.JOSEAlgNotAllowed)
    return 'its alg is not an accepted asymmetric one.';
  return 'it is not a valid signed JWT.';
}
