import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { demoForm, postToken } from './helpers.js';

const BIN = fileURLToPath(new URL('../dist/cli.mjs', import.meta.url));
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

/** Starts the built bin and resolves with its output once it says it is running. */
async function startBin(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  await expect.poll(() => stdout, { timeout: 20_000 }).toContain('Press Ctrl+C');
  const url = (name: string) => new RegExp(`${name}\\s+(\\S+)`).exec(stdout)?.[1] ?? '';
  return { child, output: () => stdout, url };
}

/** Runs the bin to completion (bounded) and returns its exit code and output. */
async function runBin(args: string[]) {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  // 'close', not 'exit': only then has all of stdout and stderr arrived.
  const [code] = (await once(child, 'close', { signal: AbortSignal.timeout(10_000) })) as [number];
  return { code, output };
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('visma-auth-mock bin', { timeout: 60_000 }, () => {
  it('serves the clients it was given, hides their secrets, and stops on SIGTERM', async () => {
    const secret = 'cli-secret-value';
    const { child, output, url } = await startBin([
      '--client',
      `ci:${secret}:a:read,b:write:t1,t2`,
      '--token-lifetime',
      '120',
      '--api',
    ]);
    const token = await postToken(url('token'), {
      grant_type: 'client_credentials',
      scope: 'a:read b:write',
      client_id: 'ci',
      client_secret: secret,
      tenant_id: 't2',
    });
    expect(token.status).toBe(200);
    expect(token.body.expires_in).toBe(120);
    const api = await fetch(`${url('api')}/ping`, {
      headers: { authorization: `Bearer ${String(token.body.access_token)}` },
    });
    expect(await api.json()).toMatchObject({ path: '/ping', client_id: 'ci', tenant_id: 't2' });
    expect(output()).toContain('ci');
    expect(output()).not.toContain(secret);

    child.kill('SIGTERM');
    const [code] = await once(child, 'exit', { signal: AbortSignal.timeout(10_000) });
    expect(code).toBe(0);
  });

  it('takes the port from VISMA_MOCK_PORT, shows the public demo client and stops on SIGINT', async () => {
    const port = await freePort();
    const { child, output, url } = await startBin([], { VISMA_MOCK_PORT: String(port) });
    expect(url('token')).toBe(`http://127.0.0.1:${port}/connect/token`);
    expect(output()).toContain('demo-client');
    expect(output()).toContain('demo-secret');
    const discovery = await fetch(url('discovery'));
    expect(discovery.status).toBe(200);
    child.kill('SIGINT');
    const [code] = await once(child, 'exit', { signal: AbortSignal.timeout(10_000) });
    expect(code).toBe(0);
  });

  it('--admin lets another process read and reset the counters and queue faults', async () => {
    const { child, output, url } = await startBin(['--admin', '--api']);
    const admin = url('admin');
    expect(admin).toBe(`${url('issuer')}/__mock`);
    expect(output()).toMatch(/admin .*loopback only/);
    const counts = async () => (await fetch(`${admin}/counts`)).json();
    const post = (route: string, body?: unknown) =>
      fetch(`${admin}/${route}`, {
        method: 'POST',
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });

    expect(await counts()).toEqual({
      connect: { token: 0, issued: 0, discovery: 0, jwks: 0 },
      api: { requests: 0, rejected: 0, expired: 0 },
    });
    expect((await post('fail-next', [{ status: 503 }, { delayMs: 100 }])).status).toBe(204);
    expect((await postToken(url('token'), demoForm())).status).toBe(503);
    const token = await postToken(url('token'), demoForm());
    expect(token.status).toBe(200);
    await fetch(`${url('api')}/ping`, {
      headers: { authorization: `Bearer ${String(token.body.access_token)}` },
    });
    expect(await counts()).toEqual({
      connect: { token: 2, issued: 1, discovery: 0, jwks: 0 },
      api: { requests: 1, rejected: 0, expired: 0 },
    });
    const bad = await post('fail-next', { stauts: 503 });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ field: 'stauts' });
    expect((await post('reset')).status).toBe(204);
    expect(await counts()).toMatchObject({ connect: { token: 0 }, api: { requests: 0 } });

    child.kill('SIGTERM');
    await once(child, 'exit', { signal: AbortSignal.timeout(10_000) });
  });

  it('serves no admin routes without --admin', async () => {
    const { output, url } = await startBin([]);
    expect(output()).not.toContain('admin');
    expect((await fetch(`${url('issuer')}/__mock/counts`)).status).toBe(404);
  });

  it('prints usage for --help and rejects unknown flags', async () => {
    const help = await runBin(['--help']);
    expect(help).toMatchObject({
      code: 0,
      output: expect.stringContaining('Usage: visma-auth-mock'),
    });
    expect(help.output).toContain('--admin');
    expect(help.output).toContain('/__mock/fail-next');
    const bad = await runBin(['--nope']);
    expect(bad.code).toBe(2);
    expect(bad.output).toContain('Usage:');
  });
});
