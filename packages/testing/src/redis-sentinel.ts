/**
 * A throwaway Sentinel setup for tests: one primary, one replica and three sentinels, each a
 * `redis-server` child of this process on 127.0.0.1 (sentinels run as `redis-server <conf>
 * --sentinel`), so a test can stop the primary and watch the sentinels promote the replica.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { until } from './poll-until.js';
import type { RedisReply } from './redis-protocol.js';
import { type RedisServer, startRedisServer } from './redis-server.js';
import { temporaryDirectory } from './temp-dir.js';

/** Options of {@link startRedisSentinel}. */
export interface RedisSentinelOptions {
  /** The name the sentinels monitor the primary under; default `visma-auth`. */
  masterName?: string;
  /** Number of sentinels; default 3 (quorum is a majority of them). */
  sentinels?: number;
  /** The redis-server executable; default `redis-server`. */
  bin?: string;
  /** `down-after-milliseconds`: how soon a stopped primary counts as down; default 1000. */
  downAfterMs?: number;
  /** How long to wait for the sentinels to see the primary and its replica, in ms; default 20000. */
  readyTimeoutMs?: number;
}

/** A running primary, replica and sentinels; see {@link startRedisSentinel}. */
export interface RedisSentinel {
  readonly masterName: string;
  /** The data servers (first the initial primary, then its replica), each stoppable and restartable. */
  readonly servers: readonly RedisServer[];
  /** The sentinel processes. */
  readonly sentinelServers: readonly RedisServer[];
  /** `{ host, port }` of every sentinel, as clients take them (`sentinelRootNodes`, `sentinels`). */
  readonly sentinels: readonly { host: string; port: number }[];
  /** The data server the sentinels currently name as primary. */
  primary(): Promise<RedisServer>;
  /**
   * Resolves with the new primary once the sentinels name one other than `previous` and it
   * accepts writes (after `previous` was stopped, say).
   */
  waitForFailover(previous: RedisServer, timeoutMs?: number): Promise<RedisServer>;
  /** Sends one command to the current primary. */
  command(...args: string[]): Promise<RedisReply>;
  /** Stops every process and removes the sentinels' config files. Safe to call twice. */
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * Starts a primary, a replica and `sentinels` sentinels on 127.0.0.1 and free ports, and resolves
 * once every sentinel knows the primary and its replica. Its processes are killed when this
 * process exits.
 * @example
 * ```ts
 * await using set = await startRedisSentinel();
 * const client = await createSentinel({
 *   name: set.masterName,
 *   sentinelRootNodes: [...set.sentinels],
 * }).connect();
 * const primary = await set.primary();
 * await primary.stop();
 * await set.waitForFailover(primary); // the replica is primary now
 * ```
 */
export async function startRedisSentinel(
  options: RedisSentinelOptions = {},
): Promise<RedisSentinel> {
  const masterName = options.masterName ?? 'visma-auth';
  const count = options.sentinels ?? 3;
  const downAfterMs = options.downAfterMs ?? 1000;
  const readyTimeoutMs = options.readyTimeoutMs ?? 20_000;
  const bin = options.bin === undefined ? {} : { bin: options.bin };
  const dir = temporaryDirectory('visma-auth-sentinel-');
  const servers: RedisServer[] = [];
  const sentinelServers: RedisServer[] = [];
  const close = async () => {
    await Promise.all([...sentinelServers, ...servers].map((s) => s.close()));
    dir.remove();
  };
  try {
    // A replica loads the primary's snapshot straight from the socket, so a restarted server
    // starts empty; anything written to disk still lands in our directory, not the caller's.
    const data = (name: string) => {
      const path = join(dir.path, name);
      mkdirSync(path);
      return ['--dir', path, '--repl-diskless-load', 'swapdb', '--repl-diskless-sync', 'yes'];
    };
    const first = await startRedisServer({ ...bin, args: data('primary') });
    servers.push(first);
    servers.push(
      await startRedisServer({
        ...bin,
        args: [...data('replica'), '--replicaof', first.host, String(first.port)],
      }),
    );
    for (let i = 0; i < count; i++) {
      const configFile = join(dir.path, `sentinel-${i}.conf`);
      writeFileSync(
        configFile,
        [
          `sentinel monitor ${masterName} ${first.host} ${first.port} ${Math.floor(count / 2) + 1}`,
          `sentinel down-after-milliseconds ${masterName} ${downAfterMs}`,
          `sentinel failover-timeout ${masterName} ${downAfterMs * 5}`,
          `sentinel parallel-syncs ${masterName} 1`,
          '',
        ].join('\n'),
      );
      sentinelServers.push(await startRedisServer({ ...bin, configFile, args: ['--sentinel'] }));
    }
    const set = sentinelHandle(masterName, servers, sentinelServers, close);
    await until(
      readyTimeoutMs,
      'the sentinels did not see the primary and its replica',
      async () => {
        const seen = await Promise.all(
          sentinelServers.map((s) =>
            s.command('SENTINEL', 'REPLICAS', masterName).then(
              (r) => Array.isArray(r) && r.length > 0,
              () => false,
            ),
          ),
        );
        return seen.every(Boolean) ? true : undefined;
      },
    );
    return set;
  } catch (error) {
    await close();
    throw error;
  }
}

function sentinelHandle(
  masterName: string,
  servers: RedisServer[],
  sentinelServers: RedisServer[],
  close: () => Promise<void>,
): RedisSentinel {
  const primary = async () => {
    for (const sentinel of sentinelServers.filter((s) => s.running)) {
      const reply = await sentinel
        .command('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', masterName)
        .catch(() => undefined);
      if (!Array.isArray(reply)) continue;
      const server = servers.find((s) => s.port === Number(reply[1]));
      if (server !== undefined) return server;
    }
    throw new Error(`No sentinel names a primary for ${masterName}.`);
  };
  return {
    masterName,
    servers,
    sentinelServers,
    sentinels: sentinelServers.map((s) => ({ host: s.host, port: s.port })),
    primary,
    waitForFailover: (previous, timeoutMs = 30_000) =>
      until(timeoutMs, `no failover away from port ${previous.port}`, async () => {
        const current = await primary().catch(() => undefined);
        if (current === undefined || current === previous || !current.running) return undefined;
        const role = await current.command('ROLE').catch(() => undefined);
        return Array.isArray(role) && role[0] === 'master' ? current : undefined;
      }),
    command: async (...args) => (await primary()).command(...args),
    close,
    [Symbol.asyncDispose]: close,
  };
}
