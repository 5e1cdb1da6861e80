/**
 * Quickstart: a Visma Connect access token with the client_credentials grant, requested exactly
 * like Visma's curl example, from a local Visma Connect. For the real one, POST the same form to
 * https://connect.visma.com/connect/token with your application's client id and secret.
 */
import { DEMO_CLIENT, DEMO_TENANT_ID, startMockConnect } from '@visma-auth/testing';

/** The fields of a token response (on error: `error` and `error_description`). */
interface TokenResponse {
  access_token: string;
  expires_in: number;
  token_type: string;
  scope: string;
  error?: string;
  error_description?: string;
}

const connect = await startMockConnect();
try {
  const response = await fetch(connect.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      scope: 'visma_api:read',
      client_id: DEMO_CLIENT.clientId,
      client_secret: DEMO_CLIENT.clientSecret, // the public demo value; keep real secrets out of code
      tenant_id: DEMO_TENANT_ID,
    }),
  });
  const body = (await response.json()) as TokenResponse;
  if (!response.ok) {
    throw new Error(
      `Token request failed (${response.status}): ${body.error}: ${body.error_description}`,
    );
  }

  // The token is a JWT: print what it says, never the token itself.
  const [header, claims] = body.access_token.split('.').slice(0, 2).map(decodeJwtPart);
  console.log('Token from', connect.tokenUrl);
  console.log('header:', header);
  console.log('claims:', claims);
  console.log(`expires_in: ${body.expires_in}s, scope: ${body.scope}`);
} finally {
  await connect.close();
}

function decodeJwtPart(part: string): unknown {
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
}
