import { execFile, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type RedisCluster,
  type RedisSentinel,
  startRedisCluster,
  startRedisSentinel,
} from '../src/index.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
const missing = spawnSync('redis-cli', ['--version']).error !== undefined;
const ours = (prefix: string) => readdirSync(tmpdir()).filter((f) => f.startsWith(prefix));

it('names redis-cli and where it comes from when it is missing', async () => {
  await expect(startRedisCluster({ cliBin: 'redis-cli-not-installed' })).rejects.toThrow(
    /redis-cli-not-installed was not found on PATH.*apt-get install redis-server/,
  );
});

describe.skipIf(missing)('startRedisCluster', () => {
  let cluster: RedisCluster;
  beforeAll(async () => {
    cluster = await startRedisCluster();
  });
  afterAll(() => cluster?.close());

  it('forms a 3-master cluster on 127.0.0.1 that covers every slot', async () => {
    expect(cluster.nodes).toHaveLength(3);
    expect(cluster.rootNodes.every((n) => n.host === '127.0.0.1')).toBe(true);
    // Each node's cluster bus listens on its port + 10000.
    expect(cluster.nodes.every((n) => n.port + 10_000 <= 65_535)).toBe(true);
    const info = String(await cluster.command('CLUSTER', 'INFO'));
    expect(info).toMatch(/^cluster_slots_assigned:16384\r?$/m);
    expect(info).toMatch(/^cluster_known_nodes:3\r?$/m);
  });

  it("names the master of a key's slot: it takes the key, the others answer MOVED", async () => {
    const key = 'visma-auth:{some-digest}:lock';
    const owner = await cluster.masterOf(key);
    expect(await owner.command('SET', key, 'v')).toBe('OK');
    for (const node of cluster.nodes.filter((n) => n !== owner)) {
      await expect(node.command('GET', key)).rejects.toThrow(/MOVED/);
    }
    expect(await cluster.masterOf('visma-auth:{some-digest}')).toBe(owner);
  });

  it('a stopped master rejoins with its slots, empty, when started again', async () => {
    const owner = await cluster.masterOf('rejoin');
    await owner.command('SET', 'rejoin', 'v');
    await owner.stop();
    await owner.start();
    await cluster.waitUntilHealthy();
    expect(await cluster.masterOf('rejoin')).toBe(owner);
    expect(await owner.command('GET', 'rejoin')).toBeNull();
  });
});

describe.skipIf(missing)('startRedisSentinel', () => {
  let set: RedisSentinel;
  beforeAll(async () => {
    set = await startRedisSentinel();
  });
  afterAll(() => set?.close());

  it('runs a primary, a replica and 3 sentinels that agree on the primary', async () => {
    expect(set.servers).toHaveLength(2);
    expect(set.sentinels).toHaveLength(3);
    expect(await set.primary()).toBe(set.servers[0]);
    const role = (await set.servers[1]?.command('ROLE')) as unknown[];
    expect(role[0]).toBe('slave');
  });

  it('promotes the replica when the primary stops; the old one starts again on its port', async () => {
    const old = await set.primary();
    await set.command('SET', 'k', 'v');
    await old.stop();
    const promoted = await set.waitForFailover(old);
    expect(promoted).not.toBe(old);
    expect(await promoted.command('SET', 'k2', 'v')).toBe('OK');
    await old.start();
    expect(old.running).toBe(true);
    expect(await set.primary()).toBe(promoted);
    // The replica's full sync wrote no snapshot into the caller's working directory.
    expect(existsSync(join(process.cwd(), 'dump.rdb'))).toBe(false);
  });
});

it.skipIf(missing)(
  'cleans up processes and config files when the parent exits without closing',
  async () => {
    const before = new Set([...ours('visma-auth-cluster-'), ...ours('visma-auth-sentinel-')]);
    const { stdout } = await run(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const { startRedisCluster, startRedisSentinel } = await import('@visma-auth/testing');
       const [cluster, set] = await Promise.all([startRedisCluster(), startRedisSentinel()]);
       const ports = [...cluster.nodes, ...set.servers, ...set.sentinelServers].map((n) => n.port);
       console.log(JSON.stringify(ports));
       process.exit(0);`,
      ],
      { cwd: root, timeout: 30_000 },
    );
    const ports = JSON.parse(stdout) as number[];
    expect(ports).toHaveLength(3 + 2 + 3);
    const answering = () =>
      Promise.all(
        ports.map((port) =>
          run('redis-cli', ['-p', String(port), 'PING'], { timeout: 2000 }).then(
            (r) => r.stdout.includes('PONG'),
            () => false,
          ),
        ),
      ).then((all) => all.filter(Boolean).length);
    await expect.poll(answering, { timeout: 5000 }).toBe(0);
    const left = [...ours('visma-auth-cluster-'), ...ours('visma-auth-sentinel-')].filter(
      (f) => !before.has(f),
    );
    expect(left.filter((f) => existsSync(`${tmpdir()}/${f}`))).toEqual([]);
  },
);
