import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { VismaTokenService } from '@visma-auth/nestjs';
import { afterEach, describe, expect, it } from 'vitest';
import { type RunningApp, startApp } from '../src/bootstrap.js';

const appDir = fileURLToPath(new URL('..', import.meta.url));
const TENANT = 'af1140c1-52e0-46c7-b684-df894d4b8a5a';

/** The parent's environment without any VISMA_* variable, plus `extra`. */
function envWith(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('VISMA_')),
  );
  return { ...base, ...extra };
}

interface Run {
  code: number | null;
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
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, timedOut });
    });
  });
}

describe('nest-example', () => {
  let running: RunningApp | undefined;
  afterEach(async () => {
    await running?.close();
    running = undefined;
  });

  it('serves /customers through the Visma HTTP service and /health without the token', async () => {
    const saved = Object.keys(process.env).filter((name) => name.startsWith('VISMA_'));
    expect(saved, 'run the e2e test without VISMA_* variables').toEqual([]);
    running = await startApp({ port: 0, logger: false });
    expect(running.local).toBe(true);
    expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const customers = await fetch(`${running.url}/customers`);
    expect(customers.status).toBe(200);
    expect(await customers.json()).toEqual({
      path: '/API/controller/api/v1/customer',
      tenant_id: TENANT,
      scope: 'vismanet_erp_service_api:read',
      client_id: 'demo-client',
    });

    const health = await fetch(`${running.url}/health`);
    expect(health.status).toBe(200);
    const text = await health.text();
    const body = JSON.parse(text) as { status: string; token: Record<string, unknown> };
    expect(body.status).toBe('ok');
    expect(body.token).toMatchObject({
      tenantId: TENANT,
      scopes: ['vismanet_erp_service_api:read'],
    });
    expect(Date.parse(String(body.token.expiresAt))).toBeGreaterThan(Date.now());
    expect(body.token.expiresInSeconds).toBeGreaterThan(3500);
    const token = await running.app
      .get((await import('@visma-auth/nestjs')).VismaTokenService)
      .getToken();
    expect(text).not.toContain(token.accessToken);
    expect(text).not.toMatch(/eyJ|demo-secret/);

    await running.close();
    running = undefined;
    // close() also undid the VISMA_* variables it set for the local servers.
    expect(Object.keys(process.env).filter((name) => name.startsWith('VISMA_'))).toEqual([]);
  });

  it('`demo` boots on port 0, calls each route once and exits 0 by itself', async () => {
    const result = await run('dist/src/demo.js', envWith());
    expect(result.timedOut, result.stderr).toBe(false);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('GET /health -> 200');
    expect(result.stdout).toContain('GET /customers -> 200');
    expect(result.stdout).toContain(`"tenant_id":"${TENANT}"`);
    expect(result.stdout + result.stderr).not.toMatch(/eyJ|demo-secret/);
  });

  it('main stops cleanly on SIGTERM', async () => {
    let signalled = false;
    const result = await run('dist/src/main.js', envWith({ PORT: '0' }), (stdout, child) => {
      if (!signalled && stdout.includes('listening on')) {
        signalled = true;
        child.kill('SIGTERM');
      }
    });
    expect(result.timedOut, result.stderr).toBe(false);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('nest-example stopped');
  });

  it('a bad VISMA_* setting stops the boot with a message naming the option', async () => {
    const result = await run(
      'dist/src/main.js',
      envWith({
        PORT: '0',
        VISMA_CLIENT_ID: 'some-client',
        VISMA_CLIENT_SECRET: 'very-secret-value',
        VISMA_AUTHORITY: 'http://connect.example.com',
      }),
    );
    expect(result.timedOut).toBe(false);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Invalid option `authority`');
    expect(result.stdout + result.stderr).not.toContain('very-secret-value');
  });
});
