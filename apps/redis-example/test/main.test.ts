import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';

const run = promisify(execFile);
const appDir = fileURLToPath(new URL('..', import.meta.url));
let redis: ChildProcess;
let port: number;

beforeAll(async () => {
  const probe = createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  port = (probe.address() as { port: number }).port;
  await new Promise((resolve) => probe.close(resolve));
  redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', ''], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('redis-server did not start')), 5000);
    redis.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  redis.stdout?.resume();
});

afterAll(async () => {
  if (redis && redis.exitCode === null) {
    redis.kill('SIGTERM');
    await once(redis, 'exit');
  }
});

it('runs end to end: two instances, one Redis, one token request', async () => {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: appDir,
    env: { PATH: process.env.PATH, REDIS_URL: `redis://127.0.0.1:${port}` },
    timeout: 30_000,
  });
  expect(stdout).toContain('got the same token');
  expect(stdout).toContain('Token requests at Visma Connect: 1');
  // The entry really is in the Redis we gave it, and encrypted.
  const { stdout: keys } = await run('redis-cli', ['-p', String(port), '--scan']);
  expect(keys).toMatch(/^visma-auth:\{/m);
  const name = keys.split('\n').find((k) => k.startsWith('visma-auth:') && !k.endsWith(':lock'));
  const { stdout: value } = await run('redis-cli', ['-p', String(port), 'GET', name ?? '']);
  expect(value).toMatch(/^v1\.[\w-]{43}\.e\./);
  expect(value).not.toContain('eyJ');
}, 40_000);
