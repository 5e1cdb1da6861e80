import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useMockVisma } from './mock-visma.js';
import { type CliResult, JWT_PATTERN, runCli, tempDir } from './run-cli.js';

const CLIENT_ID = 'cli-test-app';
const SECRET = 'cli-test-secret-never-printed-7f3a';
const TENANT = 'c0ffee00-0000-4000-8000-000000000001';
const SCOPE = 'vismanet_erp_service_api:read';

const mock = useMockVisma({
  clientId: CLIENT_ID,
  clientSecret: SECRET,
  allowedScopes: [SCOPE, 'visma_api:read'],
  tenants: [TENANT],
});

const connection = (): string[] => [
  '--authority',
  mock.connect.url,
  '--client-id',
  CLIENT_ID,
  '--scopes',
  SCOPE,
];

function expectNoSecrets(result: CliResult, ...secrets: string[]): void {
  for (const secret of [SECRET, ...secrets]) {
    expect(result.stdout).not.toContain(secret);
    expect(result.stderr).not.toContain(secret);
  }
}

describe('visma-auth token', () => {
  it('shows claims, scopes, tenant and expiry, but not the token', async () => {
    const result = await runCli(['token', ...connection(), '--tenant-id', TENANT], {
      env: { VISMA_CLIENT_SECRET: SECRET },
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Token for ${CLIENT_ID}`);
    expect(result.stdout).toMatch(new RegExp(`tenant\\s+${TENANT}`));
    expect(result.stdout).toMatch(new RegExp(`scopes\\s+${SCOPE}`));
    expect(result.stdout).toMatch(/expires in\s+(59m \d+s|1h)/);
    expect(result.stdout).toMatch(new RegExp(`client_id\\s+${CLIENT_ID}`));
    expect(result.stdout).toMatch(/exp\s+\d+ \(\d{4}-\d\d-\d\dT/);
    expect(result.stdout).not.toMatch(JWT_PATTERN);
    // No colour escapes when stdout is not a TTY.
    expect(result.stdout).not.toContain('\u001b[');
    expectNoSecrets(result);
    expect(mock.connect.counts.issued).toBe(1);
  });

  it('--raw prints only the token, which the API accepts', async () => {
    const result = await runCli(['token', ...connection(), '--tenant-id', TENANT, '--raw'], {
      env: { VISMA_CLIENT_SECRET: SECRET },
    });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]+\n$/);
    const response = await fetch(`${mock.api.url}/v1/ping`, {
      headers: { authorization: `Bearer ${result.stdout.trim()}` },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ tenant_id: TENANT, client_id: CLIENT_ID });
    expectNoSecrets(result);
  });

  it('--json prints the claims as JSON without the token', async () => {
    const result = await runCli(['token', ...connection(), '--tenant-id', TENANT, '--json'], {
      env: { VISMA_CLIENT_SECRET: SECRET },
    });
    expect(result.code).toBe(0);
    const body = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(body).toMatchObject({
      ok: true,
      clientId: CLIENT_ID,
      tenantId: TENANT,
      scopes: [SCOPE],
      missingScopes: [],
      tokenType: 'Bearer',
      claims: { client_id: CLIENT_ID, tenant_id: TENANT, iss: mock.connect.issuer },
    });
    expect(body.expiresInSeconds).toBeGreaterThan(3500);
    expect(body).not.toHaveProperty('accessToken');
    expect(result.stdout).not.toMatch(JWT_PATTERN);
    expectNoSecrets(result);
  });

  it('reads the secret from stdin with --client-secret-stdin', async () => {
    const result = await runCli(['token', ...connection(), '--client-secret-stdin', '--json'], {
      input: `${SECRET}\n`,
    });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: true, clientId: CLIENT_ID });
    expectNoSecrets(result);
  });

  it('takes every setting from the environment', async () => {
    const result = await runCli(['token', '--json'], {
      env: {
        VISMA_CLIENT_ID: CLIENT_ID,
        VISMA_CLIENT_SECRET: SECRET,
        VISMA_SCOPES: `${SCOPE} visma_api:read`,
        VISMA_TENANT_ID: TENANT,
        VISMA_AUTHORITY: mock.connect.url,
      },
    });
    expect(result.code).toBe(0);
    const body = JSON.parse(result.stdout) as { tenantId: string; scopes: string[] };
    expect(body.tenantId).toBe(TENANT);
    expect([...body.scopes].sort()).toEqual(['visma_api:read', SCOPE]);
    expectNoSecrets(result);
  });

  it('reads ./.env, and flags win over it', async () => {
    const cwd = tempDir();
    writeFileSync(
      join(cwd, '.env'),
      `VISMA_CLIENT_ID=${CLIENT_ID}\nVISMA_CLIENT_SECRET="${SECRET}"\nVISMA_SCOPES=${SCOPE}\nVISMA_AUTHORITY=${mock.connect.url}\nVISMA_TENANT_ID=not-granted\n`,
    );
    const result = await runCli(['token', '--tenant-id', TENANT, '--json'], { cwd });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ tenantId: TENANT });
    expectNoSecrets(result);
  });

  it('reads --dotenv and fails with exit 2 when it does not exist', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'visma.env'), `VISMA_CLIENT_SECRET=${SECRET}\n`);
    const ok = await runCli(['token', ...connection(), '--dotenv', 'visma.env', '--json'], { cwd });
    expect(ok.code).toBe(0);
    const missing = await runCli(['token', ...connection(), '--dotenv', 'nope.env'], { cwd });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.env');
  });

  it('an invalid secret exits 1 with the error and a fix hint', async () => {
    const wrong = 'wrong-secret-also-never-printed';
    const result = await runCli(['token', ...connection()], {
      env: { VISMA_CLIENT_SECRET: wrong },
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('invalid_client');
    expect(result.stderr).toMatch(/Fix: Check clientId and clientSecret/);
    expectNoSecrets(result, wrong);
  });

  it('an invalid secret with --json prints the error as JSON and exits 1', async () => {
    const wrong = 'wrong-secret-also-never-printed';
    const result = await runCli(['token', ...connection(), '--json'], {
      env: { VISMA_CLIENT_SECRET: wrong },
    });
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({
      ok: false,
      error: { code: 'ERR_VISMA_OAUTH', error: 'invalid_client', httpStatus: 401 },
    });
    expectNoSecrets(result, wrong);
  });

  it('warns that --client-secret lands in shell history, and still works', async () => {
    const result = await runCli(['token', ...connection(), '--client-secret', SECRET, '--json']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('shell history');
    expectNoSecrets(result);
  });

  it('a missing client id is a usage error (exit 2) naming the flag and variable', async () => {
    const result = await runCli(['token', '--authority', mock.connect.url, '--scopes', SCOPE], {
      env: { VISMA_CLIENT_SECRET: SECRET },
    });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('--client-id');
    expect(result.stderr).toContain('VISMA_CLIENT_ID');
    expect(result.stderr).toMatch(/^usage: visma-auth token/m);
    expect(mock.connect.counts.token).toBe(0);
    expectNoSecrets(result);
  });

  it('a missing secret is a usage error (exit 2)', async () => {
    const result = await runCli(['token', ...connection()]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('VISMA_CLIENT_SECRET');
  });

  it('an http authority that is not loopback is a usage error naming the flag', async () => {
    const result = await runCli(
      ['token', ...connection(), '--authority', 'http://connect.example.com'],
      {
        env: { VISMA_CLIENT_SECRET: SECRET },
      },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--authority');
    expect(result.stderr).toContain('https');
  });
});
