import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type MockConnect, startMockConnect, TENANT_NOT_ENTITLED } from '../src/index.js';
import { basicAuth, DEMO_TENANT, demoForm, postToken } from './helpers.js';

let connect: MockConnect;
beforeEach(async () => {
  connect = await startMockConnect();
});
afterEach(async () => {
  await connect.close();
});

/** Asserts an RFC 6749 error response whose body never mentions the demo secret. */
function expectOAuthError(
  res: Awaited<ReturnType<typeof postToken>>,
  status: number,
  error: string,
  description?: RegExp,
) {
  expect(res.status).toBe(status);
  expect(res.body).toEqual({ error, error_description: expect.any(String) });
  if (description) expect(res.body.error_description).toMatch(description);
  expect(JSON.stringify(res.body)).not.toContain('demo-secret');
  expect(res.headers.get('cache-control')).toBe('no-store');
  expect(connect.counts.issued).toBe(0);
}

describe('token endpoint errors', () => {
  it('rejects a wrong content type with invalid_request', async () => {
    const res = await postToken(connect.tokenUrl, JSON.stringify(demoForm()), {
      'content-type': 'application/json',
    });
    expectOAuthError(res, 400, 'invalid_request', /Content-Type/);
  });

  it('rejects a malformed form body with invalid_request', async () => {
    const res = await postToken(connect.tokenUrl, 'grant_type=client_credentials&scope=%E0%A4%A');
    expectOAuthError(res, 400, 'invalid_request', /form-urlencoded/);
  });

  it('rejects a duplicated parameter with invalid_request', async () => {
    const body = `${new URLSearchParams(demoForm())}&scope=vismanet_erp_service_api:read`;
    expectOAuthError(
      await postToken(connect.tokenUrl, body),
      400,
      'invalid_request',
      /scope.*more than once/,
    );
  });

  it('rejects a missing grant_type or scope with invalid_request', async () => {
    const { grant_type, ...noGrant } = demoForm();
    expectOAuthError(
      await postToken(connect.tokenUrl, noGrant),
      400,
      'invalid_request',
      /grant_type/,
    );
    const res = await postToken(connect.tokenUrl, demoForm({ scope: '' }));
    expectOAuthError(res, 400, 'invalid_request', /scope is required/);
  });

  it('rejects other grant types with unsupported_grant_type', async () => {
    const res = await postToken(connect.tokenUrl, demoForm({ grant_type: 'password' }));
    expectOAuthError(res, 400, 'unsupported_grant_type');
  });

  it('rejects an unknown client, a wrong secret and no credentials with invalid_client', async () => {
    const unknown = await postToken(connect.tokenUrl, demoForm({ client_id: 'nobody' }));
    expectOAuthError(unknown, 401, 'invalid_client', /Unknown client nobody/);
    expect(unknown.headers.get('www-authenticate')).toBeNull();
    const wrong = await postToken(connect.tokenUrl, demoForm({ client_secret: 'wrong-secret' }));
    expectOAuthError(wrong, 401, 'invalid_client', /Wrong client secret/);
    expect(JSON.stringify(wrong.body)).not.toContain('wrong-secret');
    const { client_secret, ...none } = demoForm();
    expectOAuthError(await postToken(connect.tokenUrl, none), 401, 'invalid_client');
  });

  it('challenges with WWW-Authenticate: Basic when basic credentials fail', async () => {
    const { client_id, client_secret, ...form } = demoForm();
    const res = await postToken(connect.tokenUrl, form, {
      authorization: basicAuth('demo-client', 'not-it'),
    });
    expectOAuthError(res, 401, 'invalid_client');
    expect(res.headers.get('www-authenticate')).toMatch(/^Basic realm="/);
    const garbled = await postToken(connect.tokenUrl, form, { authorization: 'Basic !!!' });
    expectOAuthError(garbled, 401, 'invalid_client', /malformed/);
  });

  it('rejects two client authentication methods in one request with invalid_request', async () => {
    const res = await postToken(connect.tokenUrl, demoForm(), {
      authorization: basicAuth('demo-client', 'demo-secret'),
    });
    expectOAuthError(res, 400, 'invalid_request', /exactly one/);
  });

  it('rejects a scope the client may not request with invalid_scope', async () => {
    const res = await postToken(connect.tokenUrl, demoForm({ scope: 'visma_api:read admin:all' }));
    expectOAuthError(res, 400, 'invalid_scope', /admin:all/);
  });

  it('rejects a tenant that has not granted access with invalid_tenant', async () => {
    const res = await postToken(connect.tokenUrl, demoForm({ tenant_id: 'other-tenant' }));
    expectOAuthError(res, 400, 'invalid_tenant', /other-tenant/);
    expect(res.body.error_description).toContain(TENANT_NOT_ENTITLED);
    const ok = await postToken(connect.tokenUrl, demoForm({ tenant_id: DEMO_TENANT }));
    expect(ok.status).toBe(200);
  });

  it('answers 405 with Allow: POST to other methods, and 404 to unknown paths', async () => {
    const get = await fetch(connect.tokenUrl);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    expect(await get.json()).toMatchObject({ error: 'invalid_request' });
    const missing = await fetch(`${connect.url}/connect/nothing`);
    expect(missing.status).toBe(404);
    expect(connect.counts.token).toBe(1);
  });

  it('rejects an oversized body with invalid_request', async () => {
    const res = await postToken(connect.tokenUrl, `scope=${'a'.repeat(70_000)}`);
    expectOAuthError(res, 400, 'invalid_request', /64 KiB/);
  });
});
