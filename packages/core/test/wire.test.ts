import { exportJWK, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { decodeAccessToken, VismaConfigError, VismaTokenProvider } from '../src/index.js';
import { CLIENT, createProvider, SECRET, startConnect, TENANT_A } from './helpers.js';

describe('wire protocol against the local Visma Connect', () => {
  it('sends client_secret_post by default with scope and tenant_id', async () => {
    const connect = await startConnect();
    const { provider } = createProvider(connect, {
      scopes: 'visma_api:write visma_api:read',
      tenantId: TENANT_A,
    });
    const token = await provider.getToken();
    expect(token.tokenType).toBe('Bearer');
    expect(token.tenantId).toBe(TENANT_A);
    expect(token.scopes).toEqual(['visma_api:read', 'visma_api:write']);
    const [req] = connect.requests.filter((r) => r.path.startsWith('/connect/token'));
    expect(req).toMatchObject({
      method: 'POST',
      authMethod: 'client_secret_post',
      grantType: 'client_credentials',
      clientId: CLIENT.clientId,
      scope: 'visma_api:read visma_api:write',
      tenantId: TENANT_A,
      status: 200,
    });
    expect(req?.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
    expect(req?.body).toMatch(/client_secret=\[redacted\]/);
    expect(decodeAccessToken(token.accessToken)?.payload.tenant_id).toBe(TENANT_A);
  });

  it('supports client_secret_basic', async () => {
    const connect = await startConnect();
    const { provider } = createProvider(connect, { authMethod: 'client_secret_basic' });
    await provider.getToken();
    const req = connect.requests.at(-1);
    expect(req?.authMethod).toBe('client_secret_basic');
    expect(req?.headers.authorization).toMatch(/^Basic/);
    expect(req?.body ?? '').not.toContain('client_secret');
  });

  it('supports private_key_jwt with a fresh assertion per request', async () => {
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
    const jwk = { ...(await exportJWK(privateKey)), kid: 'k1', alg: 'RS256' };
    const connect = await startConnect({
      clients: [
        {
          clientId: 'jwt-app',
          jwks: { keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256' }] },
          allowedScopes: ['visma_api:read'],
        },
      ],
    });
    for (const key of [jwk, privateKey]) {
      const provider = new VismaTokenProvider({
        clientId: 'jwt-app',
        privateKey: key,
        keyId: 'k1',
        scopes: 'visma_api:read',
        tokenUrl: connect.tokenUrl,
      });
      await provider.getToken();
      // forceRefresh signs a new assertion; the mock rejects a reused jti.
      await provider.getToken({ forceRefresh: true });
      await provider.close();
    }
    const tokenRequests = connect.requests.filter((r) => r.path.startsWith('/connect/token'));
    expect(tokenRequests.map((r) => [r.authMethod, r.status])).toEqual(
      Array(4).fill(['private_key_jwt', 200]),
    );
  });

  it('discovers token_endpoint from the authority once', async () => {
    const connect = await startConnect();
    const { provider } = createProvider(connect, { tokenUrl: undefined, authority: connect.url });
    await Promise.all([
      provider.getToken(),
      provider.getToken({ tenantId: TENANT_A }),
      provider.getToken({ scopes: 'visma_api:write' }),
    ]);
    await provider.getToken({ forceRefresh: true });
    expect(connect.counts.discovery).toBe(1);
    expect(connect.counts.token).toBe(4);
    expect(provider.toJSON().tokenUrl).toBe(connect.tokenUrl);
  });

  it('refuses http: for non-loopback hosts', () => {
    expect(
      () =>
        new VismaTokenProvider({
          clientId: 'a',
          clientSecret: SECRET,
          scopes: 'x',
          authority: 'http://connect.visma.com',
        }),
    ).toThrow(VismaConfigError);
  });

  it('works with opaque (non-JWT) tokens and ignores unknown fields', async () => {
    const connect = await startConnect();
    connect.failNext({
      status: 200,
      body: {
        access_token: 'opaque-123',
        token_type: 'bearer',
        expires_in: '3600',
        extra: { x: 1 },
      },
    });
    const { provider } = createProvider(connect);
    const token = await provider.getToken();
    expect(token.accessToken).toBe('opaque-123');
    expect(decodeAccessToken(token.accessToken)).toBeUndefined();
    expect(await provider.getAuthorizationHeader()).toBe('Bearer opaque-123');
  });
});
