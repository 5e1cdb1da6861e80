import { decodeJwt } from 'jose';
import { DEMO_CLIENT, DEMO_TENANT_ID } from '../src/index.js';

export const DEMO_TENANT = DEMO_TENANT_ID;

/** POSTs a form body (string or record) to the token endpoint with optional extra headers. */
export async function postToken(
  tokenUrl: string,
  form: Record<string, string> | string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; body: Record<string, unknown> }> {
  const res = await fetch(tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: typeof form === 'string' ? form : new URLSearchParams(form).toString(),
    signal: AbortSignal.timeout(4000),
  });
  const text = await res.text();
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    body = { raw: text };
  }
  return { status: res.status, headers: res.headers, body };
}

/** The demo client's secret_post form, with overrides. */
export function demoForm(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    grant_type: 'client_credentials',
    scope: 'visma_api:read',
    client_id: DEMO_CLIENT.clientId,
    client_secret: DEMO_CLIENT.clientSecret,
    ...overrides,
  };
}

/** Basic credentials per RFC 6749 §2.3.1: form-urlencode each part, then base64. */
export function basicAuth(id: string, secret: string): string {
  const enc = (s: string) => new URLSearchParams({ x: s }).toString().slice(2);
  return `Basic ${Buffer.from(`${enc(id)}:${enc(secret)}`).toString('base64')}`;
}

/** Decodes the claims of an access token from a token response body. */
export function claimsOf(body: Record<string, unknown>) {
  return decodeJwt(String(body.access_token));
}
