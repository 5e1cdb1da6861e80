import type { JWK } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { type MockConnect, startMockConnect } from '../src/index.js';

let connect: MockConnect | undefined;
afterEach(async () => {
  await connect?.close();
  connect = undefined;
});

describe('discovery and JWKS', () => {
  it('publishes the endpoints, grant and auth methods like connect.visma.com', async () => {
    connect = await startMockConnect();
    const res = await fetch(connect.discoveryUrl);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      issuer: connect.url,
      token_endpoint: `${connect.url}/connect/token`,
      jwks_uri: `${connect.url}/.well-known/openid-configuration/jwks`,
      grant_types_supported: ['client_credentials'],
      token_endpoint_auth_methods_supported: [
        'client_secret_post',
        'client_secret_basic',
        'private_key_jwt',
      ],
      scopes_supported: ['visma_api:read', 'vismanet_erp_service_api:read'],
    });
    expect(connect.tokenUrl).toBe(`${connect.url}/connect/token`);
    expect(connect.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('serves one RS256 signing key with kid, use and alg', async () => {
    connect = await startMockConnect();
    const jwks = (await (await fetch(connect.jwksUrl)).json()) as { keys: JWK[] };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({
      kty: 'RSA',
      use: 'sig',
      alg: 'RS256',
      kid: expect.any(String),
    });
    expect(jwks.keys[0]).not.toHaveProperty('d');
  });

  it('keeps a custom issuer in the document while endpoints stay on the server', async () => {
    connect = await startMockConnect({ issuer: 'https://connect.visma.com', uniqueKey: true });
    const doc = (await (await fetch(connect.discoveryUrl)).json()) as Record<string, unknown>;
    expect(doc.issuer).toBe('https://connect.visma.com');
    expect(connect.issuer).toBe('https://connect.visma.com');
    expect(doc.token_endpoint).toBe(connect.tokenUrl);
    expect(connect.discoveryUrl).toBe(`${connect.url}/.well-known/openid-configuration`);
  });

  it('answers 405 to a POST on discovery', async () => {
    connect = await startMockConnect();
    const res = await fetch(connect.discoveryUrl, { method: 'POST' });
    expect(res.status).toBe(405);
  });
});
