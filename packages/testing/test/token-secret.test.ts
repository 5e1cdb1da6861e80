import { createLocalJWKSet, decodeProtectedHeader, type JSONWebKeySet, jwtVerify } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_CLIENT, type MockConnect, startMockConnect } from '../src/index.js';
import { basicAuth, claimsOf, DEMO_TENANT, demoForm, postToken } from './helpers.js';

let connect: MockConnect | undefined;
afterEach(async () => {
  await connect?.close();
  connect = undefined;
});

describe('client_credentials with a client secret', () => {
  it('issues an RS256 token via client_secret_post, verifiable against the JWKS', async () => {
    connect = await startMockConnect();
    const res = await postToken(connect.tokenUrl, demoForm({ tenant_id: DEMO_TENANT }));
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body).toMatchObject({
      expires_in: 3600,
      token_type: 'Bearer',
      scope: 'visma_api:read',
    });
    expect(res.body).not.toHaveProperty('refresh_token');

    const jwks = (await (await fetch(connect.jwksUrl)).json()) as JSONWebKeySet;
    const token = String(res.body.access_token);
    const { payload, protectedHeader } = await jwtVerify(token, createLocalJWKSet(jwks), {
      issuer: connect.issuer,
    });
    expect(protectedHeader).toMatchObject({ alg: 'RS256', kid: jwks.keys[0]?.kid });
    expect(payload).toMatchObject({
      client_id: 'demo-client',
      scope: 'visma_api:read',
      tenant_id: DEMO_TENANT,
      aud: 'visma_api',
    });
    expect(payload.exp).toBe((payload.iat ?? 0) + 3600);
    expect(payload.nbf).toBe(payload.iat);
    expect(payload.jti).toEqual(expect.any(String));
    expect(connect.counts).toEqual({ token: 1, issued: 1, discovery: 0, jwks: 1 });
  });

  it('issues a token via client_secret_basic with form-urlencoded credentials', async () => {
    const secret = 'p@ss:w+rd ü/%';
    connect = await startMockConnect({
      clients: [{ clientId: 'odd id:1', clientSecret: secret, allowedScopes: ['a:read'] }],
    });
    const { client_id, client_secret, ...form } = demoForm({ scope: 'a:read' });
    const res = await postToken(connect.tokenUrl, form, {
      authorization: basicAuth('odd id:1', secret),
    });
    expect(res.status).toBe(200);
    expect(claimsOf(res.body)).toMatchObject({ client_id: 'odd id:1', scope: 'a:read' });
    expect(claimsOf(res.body)).not.toHaveProperty('tenant_id');
    expect(connect.requests[0]).toMatchObject({
      authMethod: 'client_secret_basic',
      clientId: 'odd id:1',
    });
  });

  it('grants several scopes with an audience per API', async () => {
    connect = await startMockConnect({ audience: undefined });
    const scope = 'visma_api:read vismanet_erp_service_api:read';
    const res = await postToken(connect.tokenUrl, demoForm({ scope }));
    expect(res.body.scope).toBe(scope);
    expect(claimsOf(res.body).aud).toEqual(['visma_api', 'vismanet_erp_service_api']);
  });

  it('uses the configured issuer, audience and lifetimes', async () => {
    connect = await startMockConnect({
      issuer: 'https://connect.visma.com',
      audience: 'https://api.example',
      tokenLifetimeSeconds: 60,
      clients: [{ ...DEMO_CLIENT, clientId: 'short', tokenLifetimeSeconds: 5 }],
    });
    connect.registerClient({ ...DEMO_CLIENT });
    const long = await postToken(connect.tokenUrl, demoForm());
    const short = await postToken(connect.tokenUrl, demoForm({ client_id: 'short' }));
    expect(long.body.expires_in).toBe(60);
    expect(short.body.expires_in).toBe(5);
    expect(claimsOf(long.body)).toMatchObject({
      iss: 'https://connect.visma.com',
      aud: 'https://api.example',
    });
    expect(decodeProtectedHeader(String(long.body.access_token)).typ).toBe('at+jwt');
  });

  it('replaces a client registered again with the same id', async () => {
    connect = await startMockConnect();
    connect.registerClient({ ...DEMO_CLIENT, clientSecret: 'rotated-secret' });
    expect((await postToken(connect.tokenUrl, demoForm())).status).toBe(401);
    const res = await postToken(connect.tokenUrl, demoForm({ client_secret: 'rotated-secret' }));
    expect(res.status).toBe(200);
  });
});
