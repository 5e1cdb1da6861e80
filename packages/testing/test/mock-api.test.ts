import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type MockApi, type MockConnect, startMockApi, startMockConnect } from '../src/index.js';
import { DEMO_TENANT, demoForm, postToken } from './helpers.js';

let connect: MockConnect;
let api: MockApi;
const servers: { close(): Promise<void> }[] = [];
beforeEach(async () => {
  connect = await startMockConnect();
  api = await startMockApi({ connect });
  servers.push(api, connect);
});
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

async function token(form = demoForm({ tenant_id: DEMO_TENANT })): Promise<string> {
  return String((await postToken(connect.tokenUrl, form)).body.access_token);
}

function call(authorization?: string, path = '/v1/customer?top=1') {
  const headers: Record<string, string> = authorization ? { authorization } : {};
  return fetch(api.url + path, { headers, signal: AbortSignal.timeout(4000) });
}

describe('mock protected API', () => {
  it('answers 200 with the token claims for a valid token', async () => {
    const accessToken = await token();
    const res = await call(`Bearer ${accessToken}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      path: '/v1/customer',
      tenant_id: DEMO_TENANT,
      scope: 'visma_api:read',
      client_id: 'demo-client',
    });
    expect(api.requests).toEqual([
      {
        method: 'GET',
        path: '/v1/customer?top=1',
        authorization: `Bearer ${accessToken}`,
        status: 200,
      },
    ]);
    // The API verifies locally: no JWKS fetch shows in the Visma Connect counters.
    expect(connect.counts.jwks).toBe(0);
  });

  it('challenges without an error when no token is sent (RFC 6750 §3)', async () => {
    const res = await call();
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="visma-api-mock"');
    expect(api.requests[0]).toEqual({ method: 'GET', path: '/v1/customer?top=1', status: 401 });
  });

  it('answers 401 invalid_token to a garbled or foreign token', async () => {
    const garbled = await call('Bearer not.a.jwt');
    expect(garbled.status).toBe(401);
    expect(garbled.headers.get('www-authenticate')).toMatch(
      /^Bearer realm="visma-api-mock", error="invalid_token"/,
    );
    const other = await startMockConnect({ uniqueKey: true });
    servers.push(other);
    const foreign = await postToken(other.tokenUrl, demoForm());
    const res = await call(`Bearer ${String(foreign.body.access_token)}`);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: 'invalid_token' });
  });

  it('answers 401 invalid_token to an expired token, judged by the connect clock', async () => {
    const accessToken = await token();
    connect.setClockOffset(3601_000);
    const res = await call(`Bearer ${accessToken}`);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain('error="invalid_token"');
    expect(await res.json()).toMatchObject({ error_description: 'The access token expired.' });
    connect.setClockOffset(0);
    expect((await call(`Bearer ${accessToken}`)).status).toBe(200);
    expect(api.counts).toEqual({ requests: 2, rejected: 1, expired: 1 });
  });

  it('counts every answer, rejections and expired tokens beyond what the log keeps', async () => {
    const small = await startMockApi({ connect, maxRecordedRequests: 1 });
    servers.push(small);
    const accessToken = await token();
    const send = (authorization?: string) =>
      fetch(`${small.url}/v1/customer`, {
        headers: authorization ? { authorization } : {},
        signal: AbortSignal.timeout(4000),
      });
    expect((await send(`Bearer ${accessToken}`)).status).toBe(200);
    expect((await send()).status).toBe(401);
    connect.setClockOffset(3601_000);
    expect((await send(`Bearer ${accessToken}`)).status).toBe(401);
    expect(small.requests).toHaveLength(1);
    expect(small.counts).toEqual({ requests: 3, rejected: 2, expired: 1 });
    small.reset();
    expect(small.counts).toEqual({ requests: 0, rejected: 0, expired: 0 });
  });

  it('answers 401 to a token not valid yet', async () => {
    connect.setClockOffset(600_000);
    const future = await token();
    connect.setClockOffset(0);
    const res = await call(`Bearer ${future}`);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({
      error_description: 'The access token is not valid yet.',
    });
  });

  it('rejects the next n valid tokens with rejectNext', async () => {
    const accessToken = await token();
    api.rejectNext(2);
    expect((await call(`Bearer ${accessToken}`)).status).toBe(401);
    const second = await call(`Bearer ${accessToken}`);
    expect(second.status).toBe(401);
    expect(second.headers.get('www-authenticate')).toContain('error="invalid_token"');
    expect((await call(`Bearer ${accessToken}`)).status).toBe(200);
    api.rejectNext();
    api.reset();
    expect(api.requests).toEqual([]);
    expect((await call(`Bearer ${accessToken}`)).status).toBe(200);
  });

  it('answers 401 to a tenant the API does not serve, when tenants are given', async () => {
    const strict = await startMockApi({ connect, tenants: ['company-tenant'] });
    servers.push(strict);
    const res = await fetch(`${strict.url}/x`, {
      headers: { authorization: `Bearer ${await token()}` },
    });
    expect(res.status).toBe(401);
    expect(JSON.stringify(await res.json())).toContain(DEMO_TENANT);
  });
});
