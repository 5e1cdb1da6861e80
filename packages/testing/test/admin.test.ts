import { afterEach, describe, expect, it } from 'vitest';
import {
  type MockAdminCounts,
  type MockApi,
  type MockConnect,
  startMockApi,
  startMockConnect,
} from '../src/index.js';
import { demoForm, postToken } from './helpers.js';

const closing: Array<MockConnect | MockApi> = [];
afterEach(async () => {
  await Promise.all(closing.splice(0).map((server) => server.close()));
});

async function start(admin: boolean, withApi = false) {
  const connect = await startMockConnect({ admin });
  closing.push(connect);
  const api = withApi ? await startMockApi({ connect }) : undefined;
  if (api) closing.push(api);
  return { connect, api };
}

async function counts(adminUrl: string): Promise<MockAdminCounts> {
  const res = await fetch(`${adminUrl}/counts`, { signal: AbortSignal.timeout(4000) });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  return (await res.json()) as MockAdminCounts;
}

function post(url: string, body?: unknown) {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    signal: AbortSignal.timeout(4000),
  });
}

describe('admin routes', () => {
  it('serve the counters of the connect and of the API started with it', async () => {
    const { connect, api } = await start(true, true);
    expect(connect.adminUrl).toBe(`${connect.url}/__mock`);
    const adminUrl = connect.adminUrl ?? '';
    expect(await counts(adminUrl)).toEqual({
      connect: { token: 0, issued: 0, discovery: 0, jwks: 0 },
      api: { requests: 0, rejected: 0, expired: 0 },
    });
    const token = await postToken(connect.tokenUrl, demoForm());
    await fetch(connect.discoveryUrl);
    await fetch(`${api?.url}/v1/customer`, {
      headers: { authorization: `Bearer ${String(token.body.access_token)}` },
    });
    await fetch(`${api?.url}/v1/customer`);
    expect(await counts(adminUrl)).toEqual({
      connect: { ...connect.counts },
      api: { ...api?.counts },
    });
    expect(await counts(adminUrl)).toEqual({
      connect: { token: 1, issued: 1, discovery: 1, jwks: 0 },
      api: { requests: 2, rejected: 1, expired: 0 },
    });
    // The test's own admin calls are neither logged nor counted.
    expect(connect.requests.map((r) => r.path)).toEqual([
      '/connect/token',
      '/.well-known/openid-configuration',
    ]);
  });

  it('report api as null without an API, and forget an API once it closes', async () => {
    const { connect, api } = await start(true, true);
    await api?.close();
    expect((await counts(connect.adminUrl ?? '')).api).toBeNull();
  });

  it('reset zeroes the counters of connect and API and drops queued faults', async () => {
    const { connect, api } = await start(true, true);
    await postToken(connect.tokenUrl, demoForm());
    await fetch(`${api?.url}/x`);
    connect.failNext({ status: 503 });
    api?.rejectNext();
    const res = await post(`${connect.adminUrl}/reset`);
    expect(res.status).toBe(204);
    expect(await counts(connect.adminUrl ?? '')).toEqual({
      connect: { token: 0, issued: 0, discovery: 0, jwks: 0 },
      api: { requests: 0, rejected: 0, expired: 0 },
    });
    expect((await postToken(connect.tokenUrl, demoForm())).status).toBe(200);
  });

  it('fail-next queues one fault or a list, delayMs included, in order', async () => {
    const { connect } = await start(true);
    expect((await post(`${connect.adminUrl}/fail-next`, { status: 503 })).status).toBe(204);
    const list = [{ status: 429, headers: { 'retry-after': '2' } }, { delayMs: 300 }];
    expect((await post(`${connect.adminUrl}/fail-next`, list)).status).toBe(204);

    expect((await postToken(connect.tokenUrl, demoForm())).status).toBe(503);
    const limited = await postToken(connect.tokenUrl, demoForm());
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('2');
    const started = performance.now();
    const late = await postToken(connect.tokenUrl, demoForm());
    expect(performance.now() - started).toBeGreaterThanOrEqual(280);
    expect(late.status).toBe(200);
    expect(connect.counts).toMatchObject({ token: 3, issued: 1 });
  });

  it('a hang queued over HTTP ends on reset over HTTP', async () => {
    const { connect } = await start(true);
    await post(`${connect.adminUrl}/fail-next`, { hang: true });
    const pending = fetch(connect.tokenUrl, { method: 'POST', body: 'x' }).then(
      () => 'answered',
      () => 'dropped',
    );
    await expect.poll(() => connect.counts.token).toBe(1);
    expect((await post(`${connect.adminUrl}/reset`)).status).toBe(204);
    expect(await pending).toBe('dropped');
  });

  it('answer bad input with 400 naming the field, and unknown routes and methods too', async () => {
    const { connect } = await start(true);
    const unknown = await post(`${connect.adminUrl}/fail-next`, { status: 503, delay: 5 });
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({
      error: 'invalid_fault',
      field: 'delay',
      message: expect.stringContaining('"delay"'),
    });
    const badValue = await post(`${connect.adminUrl}/fail-next`, [{ delayMs: -5 }]);
    expect(await badValue.json()).toMatchObject({ field: '[0].delayMs' });
    expect((await post(`${connect.adminUrl}/fail-next`, 'not json')).status).toBe(400);
    // Nothing was queued by the rejected calls.
    expect((await postToken(connect.tokenUrl, demoForm())).status).toBe(200);

    const wrongMethod = await fetch(`${connect.adminUrl}/counts`, { method: 'POST' });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET');
    expect((await fetch(`${connect.adminUrl}/reset`)).status).toBe(405);
    const missing = await fetch(`${connect.adminUrl}/nope`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ message: expect.stringContaining('/counts') });
  });

  it('are 404 like any unknown path without admin', async () => {
    const { connect } = await start(false);
    expect(connect.adminUrl).toBeUndefined();
    expect((await fetch(`${connect.url}/__mock/counts`)).status).toBe(404);
    expect((await post(`${connect.url}/__mock/reset`)).status).toBe(404);
    expect(connect.requests).toHaveLength(2);
  });
});
