import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { INestApplication } from '@nestjs/common';
import { VismaTokenService } from '@visma-auth/nestjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, urlOf } from '../src/bootstrap.js';
import { LOCAL_TENANTS, type LocalVisma, startLocalVisma } from '../src/local-visma.js';

const appDir = fileURLToPath(new URL('..', import.meta.url));

/** The parent's environment without any VISMA_* variable, plus `extra`. */
function envWith(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('VISMA_')),
  );
  return { ...base, ...extra };
}

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/** Runs a built entry point; `onStdout` may act on output (e.g. send a signal). Killed after `timeoutMs`. */
function run(
  script: string,
  env: NodeJS.ProcessEnv,
  onStdout?: (stdout: string, child: ChildProcess) => void,
  timeoutMs = 20_000,
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script], { cwd: appDir, env, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout?.on('data', (chunk) => {
      stdout += chunk;
      onStdout?.(stdout, child);
    });
    child.stderr?.on('data', (chunk) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, timedOut });
    });
  });
}

describe('nest-example', () => {
  let local: LocalVisma;
  let app: INestApplication;
  let url: string;

  beforeAll(async () => {
    local = await startLocalVisma();
    Object.assign(process.env, local.env);
    app = await createApp({ logger: false });
    await app.listen(0, '127.0.0.1');
    url = urlOf(app);
  });
  afterAll(async () => {
    await app?.close();
    for (const name of Object.keys(local?.env ?? {})) delete process.env[name];
    await local?.close();
  });

  /** GET `route` as the caller holding API key `apiKey` (none when undefined), plus extra headers. */
  const get = async (route: string, apiKey?: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${url}${route}`, {
      headers: { ...(apiKey === undefined ? {} : { 'x-api-key': apiKey }), ...headers },
      signal: AbortSignal.timeout(10_000),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const keyOf = (index: number) => local.callers[index]?.apiKey ?? '';

  it('serves two callers at once, each with the token of the company its API key is bound to', async () => {
    const [a, b] = await Promise.all([get('/customers', keyOf(0)), get('/customers', keyOf(1))]);
    expect(a).toEqual({
      status: 200,
      body: {
        path: '/v1/customer',
        tenant_id: LOCAL_TENANTS[0],
        scope: 'vismanet_erp_service_api:read',
        client_id: 'demo-client',
      },
    });
    expect(b.body.tenant_id).toBe(LOCAL_TENANTS[1]);
  });

  it('refuses a caller without a valid API key (401), before any token is asked for', async () => {
    const tokens = local.connect.counts.token;
    for (const apiKey of [undefined, '', 'not-a-key', `${keyOf(0)}x`]) {
      const res = await get('/customers', apiKey, { 'x-visma-tenant': LOCAL_TENANTS[1] ?? '' });
      expect(res.status).toBe(401);
      expect(JSON.stringify(res.body)).not.toContain(LOCAL_TENANTS[1]);
    }
    expect(local.connect.counts.token).toBe(tokens);
  });

  it('a tenant header cannot make the service act for another company than the caller’s', async () => {
    for (const header of ['x-visma-tenant', 'x-tenant-id']) {
      const res = await get('/customers', keyOf(0), { [header]: LOCAL_TENANTS[1] ?? '' });
      expect(res.status).toBe(200);
      expect(res.body.tenant_id).toBe(LOCAL_TENANTS[0]);
    }
  });

  it('calls Business NXT through a second client with its own scope on the same registration', async () => {
    const res = await get('/companies', keyOf(0));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      path: '/api/graphql-service',
      scope: 'business-graphql-service-api:access-group-based',
      tenant_id: LOCAL_TENANTS[0],
    });
  });

  it('reports health through terminus without the token or an API key, for the configured company only', async () => {
    const res = await fetch(`${url}/health`, {
      headers: { 'x-visma-tenant': LOCAL_TENANTS[1] ?? '' },
      signal: AbortSignal.timeout(10_000),
    });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(JSON.parse(text)).toMatchObject({
      status: 'ok',
      info: { visma: { status: 'up', tenantId: LOCAL_TENANTS[0] } },
    });
    const token = await app.get(VismaTokenService).getToken();
    expect(text).not.toContain(token.accessToken);
    expect(text).not.toMatch(/eyJ|demo-secret/);
  });

  it('`demo` boots on port 0, calls each route once and exits 0 by itself', async () => {
    const result = await run('dist/src/demo.js', envWith());
    expect(result.timedOut, result.stderr).toBe(false);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('GET /health -> 200');
    expect(result.stdout).toContain(`GET /customers (caller of ${LOCAL_TENANTS[1]}) -> 200`);
    expect(result.stdout).toContain('GET /customers (no API key) -> 401');
    expect(result.stdout).toContain(`GET /companies (caller of ${LOCAL_TENANTS[0]}) -> 200`);
    expect(result.stdout + result.stderr).not.toMatch(/eyJ|demo-secret/);
  });

  it('main stops on SIGTERM through enableShutdownHooks', async () => {
    let signalled = false;
    const result = await run(
      'dist/src/main.js',
      envWith({ ...local.env, PORT: '0' }),
      (stdout, child) => {
        if (!signalled && stdout.includes('listening on')) {
          signalled = true;
          child.kill('SIGTERM');
        }
      },
    );
    expect(result.timedOut, result.stderr).toBe(false);
    expect(signalled).toBe(true);
    // Nest closes the app, then re-raises the signal, so the process ends as killed by SIGTERM.
    expect(result.signal).toBe('SIGTERM');
  });

  it('a missing or bad VISMA_* setting stops the boot with a message naming it, never the secret', async () => {
    const missing = await run('dist/src/main.js', envWith({ PORT: '0', VISMA_CLIENT_ID: 'x' }));
    expect(missing.timedOut).toBe(false);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Missing environment variables: VISMA_CLIENT_SECRET');

    const bad = await run(
      'dist/src/main.js',
      envWith({
        PORT: '0',
        VISMA_CLIENT_ID: 'some-client',
        VISMA_CLIENT_SECRET: 'very-secret-value',
        VISMA_AUTHORITY: 'http://connect.example.com',
        CALLER_API_KEYS: local.env.CALLER_API_KEYS ?? '',
      }),
    );
    expect(bad.timedOut).toBe(false);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('Invalid option `authority`');
    expect(bad.stdout + bad.stderr).not.toContain('very-secret-value');

    const weakKey = await run(
      'dist/src/main.js',
      envWith({ ...local.env, PORT: '0', CALLER_API_KEYS: `short-key=${LOCAL_TENANTS[0]}` }),
    );
    expect(weakKey.timedOut).toBe(false);
    expect(weakKey.code).toBe(1);
    expect(weakKey.stderr).toContain('CALLER_API_KEYS');
    expect(weakKey.stdout + weakKey.stderr).not.toContain('short-key');
  });
});
