import { execFile, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { type RedisServer, startRedisServer } from '../src/index.js';
import { freePort } from '../src/redis-server.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
const missing = spawnSync('redis-server', ['--version']).error !== undefined;
if (missing) {
  console.warn(
    'Skipping the startRedisServer tests: redis-server is not on PATH (apt-get install redis-server).',
  );
}

const open: RedisServer[] = [];
afterEach(async () => {
  for (const server of open.splice(0)) await server.close();
});

it('names redis-server and how to install it when the binary is missing', async () => {
  await expect(startRedisServer({ bin: 'redis-server-not-installed' })).rejects.toThrow(
    /redis-server-not-installed was not found on PATH.*apt-get install redis-server/,
  );
});

it('finds a free port at or below a bound, and says so when there is none', async () => {
  const port = await freePort(65_535);
  expect(port).toBeGreaterThan(0);
  await expect(freePort(0)).rejects.toThrow('No free port at or below 0 found on 127.0.0.1.');
});

describe.skipIf(missing)('startRedisServer', () => {
  it('starts an empty server on 127.0.0.1 without persistence that answers commands', async () => {
    const redis = await startRedisServer();
    open.push(redis);
    expect(redis.host).toBe('127.0.0.1');
    expect(redis.url).toBe(`redis://127.0.0.1:${redis.port}`);
    expect(redis.running).toBe(true);
    expect(await redis.command('PING')).toBe('PONG');
    expect(await redis.command('SET', 'key with spaces', 'välue')).toBe('OK');
    expect(await redis.command('GET', 'key with spaces')).toBe('välue');
    expect(await redis.command('GET', 'absent')).toBeNull();
    expect(await redis.command('DBSIZE')).toBe(1);
    expect(await redis.command('CONFIG', 'GET', 'save')).toEqual(['save', '']);
    expect(await redis.command('CONFIG', 'GET', 'appendonly')).toEqual(['appendonly', 'no']);
    await expect(redis.command('NO-SUCH-COMMAND')).rejects.toThrow(/Redis replied: ERR/);
  });

  it('stops for an outage and starts again, empty, on the same port', async () => {
    const redis = await startRedisServer();
    open.push(redis);
    await redis.command('SET', 'k', 'v');
    await redis.stop();
    expect(redis.running).toBe(false);
    await expect(redis.command('PING')).rejects.toThrow(/ECONNREFUSED/);
    await redis.stop(); // already stopped: no-op
    await redis.start();
    await redis.start(); // already running: no-op
    expect(redis.running).toBe(true);
    expect(await redis.command('GET', 'k')).toBeNull();
  });

  /** A server stopped for an outage, and a listener of someone else's holding its port meanwhile. */
  async function outageWithPortHeld() {
    const redis = await startRedisServer();
    open.push(redis);
    await redis.stop();
    const holder = createServer((socket) => socket.destroy()).listen(redis.port, '127.0.0.1');
    await once(holder, 'listening');
    return { redis, release: () => new Promise((resolve) => holder.close(resolve)) };
  }

  it('starts again once its port, taken for a moment while it was down, is free', async () => {
    const { redis, release } = await outageWithPortHeld();
    setTimeout(release, 500);
    await redis.start();
    expect(await redis.command('PING')).toBe('PONG');
  });

  it('still fails to start again when its port stays taken', async () => {
    const { redis, release } = await outageWithPortHeld();
    try {
      await expect(redis.start()).rejects.toThrow(/Address already in use/);
    } finally {
      await release();
    }
  }, 20_000);

  it('takes a port and extra arguments, and says so when the port is taken', async () => {
    const first = await startRedisServer({ args: ['--maxmemory', '1mb'] });
    open.push(first);
    expect(await first.command('CONFIG', 'GET', 'maxmemory')).toEqual(['maxmemory', '1048576']);
    await expect(startRedisServer({ port: first.port })).rejects.toThrow(
      new RegExp(`exited .* on port ${first.port}[^]*Address already in use`),
    );
    await first.close();
    const second = await startRedisServer({ port: first.port });
    open.push(second);
    expect(second.port).toBe(first.port);
  });

  it('closes for good, twice is fine, and works with await using', async () => {
    let port: number;
    {
      await using redis = await startRedisServer();
      port = redis.port;
      expect(await redis.command('PING')).toBe('PONG');
    }
    const again = await startRedisServer({ port });
    await again.close();
    await again.close();
    await expect(again.start()).rejects.toThrow(/closed/);
  });

  it('kills the server when the parent process exits without closing it', {
    timeout: 60_000,
  }, async () => {
    // The built package in a plain Node process that exits with the server still running.
    const { stdout } = await run(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const { startRedisServer } = await import('@visma-auth/testing');
         const redis = await startRedisServer();
         console.log(redis.port);
         process.exit(0);`,
      ],
      // Only a hang guard: a loaded machine may take many seconds to start Node and redis-server.
      { cwd: root, timeout: 30_000 },
    );
    const port = Number(stdout.trim());
    expect(port).toBeGreaterThan(0);
    // The port is free again once the orphan is gone (SIGKILL takes a moment to land).
    const restart = () =>
      startRedisServer({ port }).then(
        (server) => open.push(server) > 0,
        () => false,
      );
    await expect.poll(restart, { timeout: 20_000 }).toBe(true);
  });
});
