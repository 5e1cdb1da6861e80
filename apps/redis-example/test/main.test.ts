import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type RedisServer, startRedisServer } from '@visma-auth/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';

const run = promisify(execFile);
const appDir = fileURLToPath(new URL('..', import.meta.url));
let redis: RedisServer;
let port: number;

beforeAll(async () => {
  redis = await startRedisServer();
  port = redis.port;
});

afterAll(async () => {
  await redis?.close();
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
  // A JWT starts with its encoded header; random ciphertext may hold 'eyJ' but not this.
  expect(value).not.toContain('eyJhbGciOi');
}, 40_000);
