import {
  type MockApi,
  startMockApi,
  startMockConnect,
  startRedirectServer,
} from '@visma-auth/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { doctorCommand } from '../src/commands/doctor.js';
import { memoryIo } from '../src/test-io.js';
import { useMockVisma } from './mock-visma.js';
import { type CliResult, JWT_PATTERN, runCli } from './run-cli.js';

const CLIENT_ID = 'doctor-test-app';
const SECRET = 'doctor-test-secret-never-printed-91c2';
const TENANT = 'c0ffee00-0000-4000-8000-000000000002';
const SCOPE = 'vismanet_erp_service_api:read';

const mock = useMockVisma({
  clientId: CLIENT_ID,
  clientSecret: SECRET,
  allowedScopes: [SCOPE, 'visma_api:read'],
  tenants: [TENANT],
});
/** An API that only serves another tenant, as a real API does when given the customer tenant. */
let otherTenantApi: MockApi;

beforeAll(async () => {
  otherTenantApi = await startMockApi({ connect: mock.connect, tenants: ['the-company-tenant'] });
});
afterAll(async () => {
  await otherTenantApi.close();
});

function doctor(...extra: string[]): Promise<CliResult> {
  return runCli(['doctor', '--authority', mock.connect.url, '--client-id', CLIENT_ID, ...extra], {
    env: { VISMA_CLIENT_SECRET: SECRET, VISMA_SCOPES: SCOPE },
  });
}

function line(result: CliResult, title: string): string {
  const found = result.stdout.split('\n').find((l) => l.slice(2).startsWith(title));
  if (found === undefined) throw new Error(`No line "${title}" in:\n${result.stdout}`);
  return found;
}

function expectClean(result: CliResult): void {
  for (const output of [result.stdout, result.stderr]) {
    expect(output).not.toContain(SECRET);
    expect(output).not.toMatch(JWT_PATTERN);
  }
}

describe('visma-auth doctor', () => {
  it('is all green for a good setup, including the API call', async () => {
    const result = await doctor('--tenant-id', TENANT, '--api', `${mock.api.url}/v1/ping`);
    expect(result.code).toBe(0);
    expect(line(result, 'Authority reachable, discovery valid')).toMatch(/^✓/);
    expect(line(result, 'Client credentials accepted')).toMatch(/^✓/);
    expect(line(result, `Scope ${SCOPE} granted`)).toMatch(/^✓/);
    expect(line(result, `Tenant ${TENANT} granted`)).toMatch(/^✓/);
    expect(line(result, 'Clock in sync')).toMatch(/^✓/);
    expect(line(result, 'API accepts the token')).toMatch(/^✓.*HTTP 200/);
    expect(result.stdout).toContain('All checks passed.');
    expect(result.stdout).not.toContain('✗');
    expect(result.stdout).toMatch(/secret\s+set \(VISMA_CLIENT_SECRET\)/);
    expectClean(result);
  });

  it('--json lists every check with its status', async () => {
    const result = await doctor('--tenant-id', TENANT, '--json');
    expect(result.code).toBe(0);
    const body = JSON.parse(result.stdout) as {
      ok: boolean;
      checks: Array<{ id: string; status: string }>;
    };
    expect(body.ok).toBe(true);
    expect(body.checks.map((c) => [c.id, c.status])).toEqual([
      ['discovery', 'pass'],
      ['credentials', 'pass'],
      [`scope:${SCOPE}`, 'pass'],
      ['tenant', 'pass'],
      ['clock', 'pass'],
      ['api', 'skip'],
    ]);
    expectClean(result);
  });

  it('names the scope that is not granted, and passes the others', async () => {
    const result = await doctor(
      '--tenant-id',
      TENANT,
      '--scopes',
      `${SCOPE} not_enabled_api:write`,
    );
    expect(result.code).toBe(1);
    expect(line(result, 'Client credentials accepted')).toMatch(/^✓/);
    expect(line(result, `Scope ${SCOPE} granted`)).toMatch(/^✓/);
    expect(line(result, 'Scope not_enabled_api:write granted')).toMatch(/^✗.*invalid_scope/);
    expect(result.stdout).toMatch(
      /Fix: Enable this scope for the application in the Visma Developer Portal/,
    );
    expect(line(result, `Tenant ${TENANT} granted`)).toMatch(/^✓/);
    expect(result.stdout).toContain('1 check failed.');
    expectClean(result);
  });

  it('reports an ungranted tenant with the fix, and still checks the scopes', async () => {
    const result = await doctor('--tenant-id', 'not-granted-tenant');
    expect(result.code).toBe(1);
    expect(line(result, 'Client credentials accepted')).toMatch(/^✓/);
    expect(line(result, `Scope ${SCOPE} granted`)).toMatch(/^✓.*without the tenant/);
    expect(line(result, 'Tenant not-granted-tenant granted')).toMatch(/^✗.*invalid_tenant/);
    expect(result.stdout).toMatch(/Fix: Ask the tenant's administrator to grant the application/);
    expectClean(result);
  });

  it('fails the clock check when the server clock is ten minutes ahead', async () => {
    mock.connect.setClockOffset(10 * 60_000);
    const result = await doctor('--tenant-id', TENANT);
    expect(result.code).toBe(1);
    expect(line(result, 'Clock in sync with Visma Connect')).toMatch(
      /^✗.*(9m 59s|10m|10m 1s) behind/,
    );
    expect(result.stdout).toMatch(/Fix: Turn on time synchronisation/);
    expect(line(result, 'Client credentials accepted')).toMatch(/^✓/);
    expectClean(result);
  });

  it('points at the wrong tenant when the API answers 401 to a fresh token', async () => {
    const result = await doctor(
      '--tenant-id',
      TENANT,
      '--api',
      `${otherTenantApi.url}/v1/customer`,
    );
    expect(result.code).toBe(1);
    expect(line(result, `Tenant ${TENANT} granted`)).toMatch(/^✓/);
    expect(line(result, 'API accepts the token')).toMatch(/^✗.*HTTP 401 \(invalid_token/);
    expect(result.stdout).toMatch(/Fix: .*wrong tenantId.*company tenant/);
    expect(otherTenantApi.requests.at(-1)?.status).toBe(401);
    expectClean(result);
  });

  it('reports rejected credentials and skips what depends on them', async () => {
    const result = await runCli(
      ['doctor', '--authority', mock.connect.url, '--client-id', CLIENT_ID, '--scopes', SCOPE],
      {
        env: { VISMA_CLIENT_SECRET: 'a-wrong-secret-value' },
      },
    );
    expect(result.code).toBe(1);
    expect(line(result, 'Client credentials accepted')).toMatch(/^✗.*invalid_client/);
    expect(result.stdout).toMatch(/Fix: Check clientId and clientSecret/);
    expect(line(result, `Scope ${SCOPE} granted`)).toMatch(/^- .*not checked/);
    expect(result.stdout + result.stderr).not.toContain('a-wrong-secret-value');
  });

  it('reports an unreachable authority with the known authorities as the fix', async () => {
    const closed = await startMockConnect();
    const url = closed.url;
    await closed.close();
    const result = await runCli(
      ['doctor', '--authority', url, '--client-id', CLIENT_ID, '--scopes', SCOPE, '--timeout', '3'],
      {
        env: { VISMA_CLIENT_SECRET: SECRET },
      },
    );
    expect(result.code).toBe(1);
    expect(line(result, 'Authority reachable, discovery valid')).toMatch(/^✗.*cannot reach/);
    expect(result.stdout).toContain('https://connect.visma.com');
    expect(line(result, 'Client credentials accepted')).toMatch(/^- /);
    expectClean(result);
  });

  it('warns when --api points at the retired integration.visma.net, naming the new URL', async () => {
    const retired = 'https://integration.visma.net/API/controller/api/v1/customer';
    const called: string[] = [];
    const io = memoryIo({
      env: { VISMA_CLIENT_SECRET: SECRET, VISMA_SCOPES: SCOPE },
      // Only loopback is reachable here: the retired host is answered by the local API.
      fetch: (input, init) => {
        const url = new URL(String(input));
        if (url.hostname !== 'integration.visma.net') return fetch(input, init);
        called.push(url.pathname);
        return fetch(`${mock.api.url}${url.pathname}`, init);
      },
    });
    const args = ['--authority', mock.connect.url, '--client-id', CLIENT_ID, '--tenant-id', TENANT];
    const code = await doctorCommand([...args, '--api', retired, '--json'], io);
    const body = JSON.parse(io.stdout.text) as {
      checks: Array<{ id: string; status: string; hint?: string }>;
    };
    const warning = body.checks.find((c) => c.id === 'api-base-url');
    expect(warning?.status).toBe('warn');
    expect(warning?.hint).toContain('https://api.finance.visma.net/v1/customer');
    // A warning, not a failure: the API is still checked with the token.
    expect(called).toEqual(['/API/controller/api/v1/customer']);
    expect(body.checks.find((c) => c.id === 'api')?.status).toBe('pass');
    expect(code).toBe(0);
    expect(io.stdout.text + io.stderr.text).not.toContain(SECRET);
  });

  it('fails when the API answers a redirect, naming where it points (exit 1)', async () => {
    await using redirect = await startRedirectServer({
      location: `${otherTenantApi.url}/v1/customer?page=2`,
      path: '/v1/customer',
      status: 301,
    });
    const result = await doctor('--tenant-id', TENANT, '--api', `${redirect.url}/v1/customer`);
    expect(result.code).toBe(1);
    expect(line(result, 'API accepts the token')).toMatch(/^✗.*HTTP 301/);
    expect(result.stdout).toMatch(
      new RegExp(`Fix: .*redirect.*${otherTenantApi.url}/v1/customer[^?]*--api`),
    );
    expect(result.stdout).not.toContain('page=2');
    // The token did not follow the redirect, so the API never judged it.
    expect(otherTenantApi.requests.filter((r) => r.path.startsWith('/v1/customer?'))).toEqual([]);
    expectClean(result);
  });

  it('refuses to send the token to a plain-http API on another host (exit 2)', async () => {
    const result = await doctor('--api', 'http://api.example.com/');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--api must use https');
    expect(mock.connect.counts.token).toBe(0);
  });
});
