import { describe, expect, it } from 'vitest';
import { VismaOAuthError, VismaTokenResponseError } from '../src/index.js';
import { CLIENT, createProvider, startConnect } from './helpers.js';

describe('typed errors from the token endpoint', () => {
  it('maps invalid_client with a hint', async () => {
    const connect = await startConnect();
    const { provider } = createProvider(connect, { clientSecret: 'wrong-secret' });
    const error = (await provider.getToken().catch((e: unknown) => e)) as VismaOAuthError;
    expect(error).toBeInstanceOf(VismaOAuthError);
    expect(error).toMatchObject({
      error: 'invalid_client',
      httpStatus: 401,
      retryable: false,
      code: 'ERR_VISMA_OAUTH',
    });
    expect(error.hint).toMatch(/clientSecret/);
  });

  it('maps a tenant that has not granted the app with a hint', async () => {
    const connect = await startConnect();
    const { provider } = createProvider(connect, { tenantId: 'someone-else' });
    const error = (await provider.getToken().catch((e: unknown) => e)) as VismaOAuthError;
    expect(error).toMatchObject({ error: 'invalid_tenant', httpStatus: 400 });
    expect(error.errorDescription).toMatch(/not entitled/);
    expect(error.hint).toMatch(/administrator/);
    expect(error.hint).toMatch(/401/);
    expect(connect.counts.token).toBe(1);
  });

  it('maps invalid_scope with a hint', async () => {
    const connect = await startConnect({ clients: [{ ...CLIENT, allowedScopes: ['other:read'] }] });
    const { provider } = createProvider(connect);
    const error = (await provider.getToken().catch((e: unknown) => e)) as VismaOAuthError;
    expect(error).toMatchObject({ error: 'invalid_scope', httpStatus: 400 });
    expect(error.hint).toMatch(/Developer Portal/);
  });

  it.each([
    [
      'an HTML page',
      { status: 200, body: '<html>Login</html>', headers: { 'content-type': 'text/html' } },
      /not JSON/,
    ],
    [
      'invalid JSON',
      { status: 200, body: '{"access_token":', headers: { 'content-type': 'application/json' } },
      /not JSON/,
    ],
    [
      'no access_token',
      { status: 200, body: { token_type: 'Bearer', expires_in: 3600 } },
      /access_token/,
    ],
    [
      'non-numeric expires_in',
      { status: 200, body: { access_token: 'a', token_type: 'Bearer', expires_in: 'soon' } },
      /expires_in/,
    ],
    [
      'zero expires_in',
      { status: 200, body: { access_token: 'a', token_type: 'Bearer', expires_in: 0 } },
      /expires_in/,
    ],
    [
      'negative expires_in',
      { status: 200, body: { access_token: 'a', token_type: 'Bearer', expires_in: -5 } },
      /expires_in/,
    ],
    [
      'missing expires_in',
      { status: 200, body: { access_token: 'a', token_type: 'Bearer' } },
      /expires_in/,
    ],
    [
      'wrong token_type',
      { status: 200, body: { access_token: 'a', token_type: 'mac', expires_in: 60 } },
      /token_type/,
    ],
    [
      'DPoP token_type',
      { status: 200, body: { access_token: 'a', token_type: 'DPoP', expires_in: 60 } },
      /token_type/,
    ],
    [
      'an expires_in so large the token would never expire',
      { status: 200, body: { access_token: 'a', token_type: 'Bearer', expires_in: 1e306 } },
      /expires_in/,
    ],
    [
      'a blank access_token',
      { status: 200, body: { access_token: ' ', token_type: 'Bearer', expires_in: 60 } },
      /access_token/,
    ],
    [
      'an access_token that would split the Authorization header',
      {
        status: 200,
        body: { access_token: 'a\r\nX-Evil: 1', token_type: 'Bearer', expires_in: 60 },
      },
      /access_token/,
    ],
    ['a 404 page', { status: 404, body: 'Not Found' }, /HTTP 404/],
  ])('rejects %s as a malformed response, without retrying', async (_name, fault, message) => {
    const connect = await startConnect();
    const { provider } = createProvider(connect);
    connect.failNext(fault);
    const error = await provider.getToken().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VismaTokenResponseError);
    expect((error as Error).message).toMatch(message);
    expect(error).toMatchObject({ code: 'ERR_VISMA_TOKEN_RESPONSE', retryable: false });
    expect(connect.counts.token).toBe(1);
  });

  it('does not cool down after a malformed response: the next call asks again and succeeds', async () => {
    const connect = await startConnect();
    const { provider } = createProvider(connect);
    connect.failNext({ status: 200, body: '<html>proxy login</html>' });
    await expect(provider.getToken()).rejects.toBeInstanceOf(VismaTokenResponseError);
    const token = await provider.getToken();
    expect(token.accessToken).toMatch(/^ey/);
    expect(connect.counts.token).toBe(2);
  });
});
