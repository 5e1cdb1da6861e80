import { describe, expect, it } from 'vitest';
import { checkApi, describeChallenge } from './api.js';

const fakeFetch = (status: number, headers: Record<string, string> = {}) =>
  (async () => new Response(null, { status, headers })) as unknown as typeof fetch;
const base = { url: 'https://api.example.com/v1', accessToken: 'tok', timeoutMs: 1_000 };

describe('checkApi', () => {
  it('passes on 2xx and sends the bearer token', async () => {
    let seen: string | null = null;
    const fetch = (async (_url: string, init: RequestInit) => {
      seen = new Headers(init.headers).get('authorization');
      return new Response('{}', { status: 200 });
    }) as unknown as typeof globalThis.fetch;
    expect((await checkApi({ ...base, tenantId: 't', fetch })).status).toBe('pass');
    expect(seen).toBe('Bearer tok');
  });

  it('points a 401 at the tenant id, with or without one', async () => {
    const header = {
      'www-authenticate': 'Bearer error="invalid_token", error_description="bad tenant"',
    };
    const withTenant = await checkApi({ ...base, tenantId: 't', fetch: fakeFetch(401, header) });
    expect(withTenant).toMatchObject({
      status: 'fail',
      detail: 'GET https://api.example.com/v1: HTTP 401 (invalid_token: bad tenant)',
    });
    expect(withTenant.hint).toMatch(/company tenant/);
    const without = await checkApi({ ...base, tenantId: undefined, fetch: fakeFetch(401) });
    expect(without.hint).toMatch(/need --tenant-id/);
  });

  it('fails on a redirect, naming the origin the API pointed at', async () => {
    for (const status of [301, 302, 303, 307, 308]) {
      const fetch = fakeFetch(status, { location: 'https://login.example.net/sso?next=x' });
      const check = await checkApi({ ...base, tenantId: 't', fetch });
      expect(check).toMatchObject({ status: 'fail' });
      expect(check.detail).toContain(`HTTP ${status}`);
      expect(check.hint).toContain('https://login.example.net');
      expect(check.hint).not.toContain('next=x');
    }
    const relative = await checkApi({
      ...base,
      tenantId: 't',
      fetch: fakeFetch(302, { location: '/v2/' }),
    });
    expect(relative.hint).toContain('https://api.example.com/v2/');
    const none = await checkApi({ ...base, tenantId: 't', fetch: fakeFetch(304) });
    expect(none.status).toBe('fail');
    expect(none.hint).toMatch(/without a Location/);
  });

  it('explains 403, 404 and network failures', async () => {
    expect((await checkApi({ ...base, tenantId: 't', fetch: fakeFetch(403) })).hint).toMatch(
      /scope/,
    );
    expect((await checkApi({ ...base, tenantId: 't', fetch: fakeFetch(404) })).status).toBe('warn');
    const failing = (async () => {
      throw new TypeError('fetch failed', {
        cause: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }),
      });
    }) as unknown as typeof fetch;
    expect((await checkApi({ ...base, tenantId: 't', fetch: failing })).detail).toContain(
      'ECONNREFUSED',
    );
  });
});

describe('describeChallenge', () => {
  it('reads error and error_description', () => {
    expect(describeChallenge('Bearer realm="x", error="invalid_token"')).toBe('invalid_token');
    expect(describeChallenge('Bearer realm="x"')).toBeUndefined();
    expect(describeChallenge(null)).toBeUndefined();
  });
});
