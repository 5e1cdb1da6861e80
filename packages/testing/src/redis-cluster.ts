/**
 * A throwaway Redis Cluster for tests: masters (and, when asked, a replica or more per master),
 * each a `redis-server` child of this process on 127.0.0.1, joined with `redis-cli --cluster
 * create`, so a test can stop the master that owns a key's slot and start it again (it rejoins
 * with its slots, empty), or kill it and watch its replica take over.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { until } from './poll-until.js';
import type { RedisReply } from './redis-protocol.js';
import { freePort, type RedisServer, startRedisServerOnPortUpTo } from './redis-server.js';
import { temporaryDirectory } from './temp-dir.js';

const run = promisify(execFile);

/** Options of {@link startRedisCluster}. */
export interface RedisClusterOptions {
  /** Number of masters (each owns a share of the 16384 slots); default 3, at least 3. */
  masters?: number;
  /**
   * Replicas per master (`--cluster-replicas`); default 0. With replicas, a master that is killed
   * is replaced by its replica after `nodeTimeoutMs`.
   */
  replicas?: number;
  /** The redis-server executable; default `redis-server`. */
  bin?: string;
  /** The redis-cli executable (it ships with redis-server); default `redis-cli`. */
  cliBin?: string;
  /**
   * `cluster-node-timeout` in ms: how soon the cluster calls a stopped master down; default 1000.
   */
  nodeTimeoutMs?: number;
  /** How long to wait for the cluster to report `cluster_state:ok`, in ms; default 20000. */
  readyTimeoutMs?: number;
  /**
   * Serve TLS too: each node gets a TLS port (in `tlsRootNodes`) and the nodes talk TLS among
   * themselves (`tls-cluster`, `tls-replication`), so a client that reaches the cluster over TLS is
   * told TLS ports for every other node. The plain ports stay open for the helper's own use.
   */
  tls?: RedisClusterTlsOptions;
}

/** PEM files of {@link RedisClusterOptions.tls}. */
export interface RedisClusterTlsOptions {
  /** The nodes' certificate and its key. */
  certFile: string;
  keyFile: string;
  /** The CA that signed the nodes' certificate (and, for mutual TLS, the clients'). */
  caFile: string;
  /** Require a client certificate signed by `caFile` (mutual TLS); default false. */
  authClients?: boolean;
}

/** A running Redis Cluster; see {@link startRedisCluster}. */
export interface RedisCluster {
  /** Every node, each stoppable and restartable on its port like a {@link RedisServer}. */
  readonly nodes: readonly RedisServer[];
  /** `{ host, port }` of every node, as cluster clients take them (`rootNodes`, `new Cluster`). */
  readonly rootNodes: readonly { host: string; port: number }[];
  /** `{ host, port }` of every node's TLS port, in `nodes` order; empty without the `tls` option. */
  readonly tlsRootNodes: readonly { host: string; port: number }[];
  /** The node whose slots include `key`'s (hash tags honoured), asked of a running node. */
  masterOf(key: string): Promise<RedisServer>;
  /**
   * Resolves with the new master of `key`'s slot once it is another node than `previous` (a
   * replica promoted after `previous` failed).
   */
  waitForFailover(key: string, previous: RedisServer, timeoutMs?: number): Promise<RedisServer>;
  /** Resolves once every running node reports `cluster_state:ok` (after a restart, say). */
  waitUntilHealthy(timeoutMs?: number): Promise<void>;
  /** Sends one command to the first running node. */
  command(...args: string[]): Promise<RedisReply>;
  /** Stops every node and removes their cluster files. Safe to call twice. */
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * Starts a Redis Cluster of `masters` masters on 127.0.0.1 and free ports, and resolves once it
 * reports `cluster_state:ok`. Its processes are killed when this process exits.
 * @throws when redis-server or redis-cli is missing or the cluster does not form in time.
 * @example
 * ```ts
 * await using cluster = await startRedisCluster();
 * const client = await createCluster({
 *   rootNodes: cluster.rootNodes.map((n) => ({ url: `redis://${n.host}:${n.port}` })),
 * }).connect();
 * const owner = await cluster.masterOf('visma-auth:{abc}');
 * await owner.stop(); // that slot is down
 * await owner.start(); // back, empty, with its slots
 * await cluster.waitUntilHealthy();
 * ```
 */
export async function startRedisCluster(options: RedisClusterOptions = {}): Promise<RedisCluster> {
  const masters = options.masters ?? 3;
  if (!Number.isInteger(masters) || masters < 3) {
    throw new Error('A Redis Cluster needs at least 3 masters.');
  }
  const replicas = options.replicas ?? 0;
  if (!Number.isInteger(replicas) || replicas < 0) {
    throw new Error('replicas must be a whole number, 0 or more.');
  }
  const dir = temporaryDirectory('visma-auth-cluster-');
  const nodes: RedisServer[] = [];
  const tlsPorts: number[] = [];
  const close = async () => {
    await Promise.all(nodes.map((n) => n.close()));
    dir.remove();
  };
  const startNode = async (i: number) =>
    startRedisServerOnPortUpTo(
      {
        ...(options.bin === undefined ? {} : { bin: options.bin }),
        args: [
          ...(options.tls === undefined ? [] : tlsArgs(options.tls, await tlsPort(tlsPorts))),
          '--dir',
          dir.path,
          '--cluster-enabled',
          'yes',
          '--cluster-config-file',
          `${dir.path}/nodes-${i}.conf`,
          '--cluster-node-timeout',
          String(options.nodeTimeoutMs ?? 1000),
          // A replica takes over however long ago it last heard from its master: a test kills
          // masters right after the cluster forms.
          '--cluster-replica-validity-factor',
          '0',
        ],
      },
      MAX_CLUSTER_PORT,
    );
  try {
    for (let i = 0; i < masters * (1 + replicas); i++) nodes.push(await startNode(i));
    await createCluster(options.cliBin ?? 'redis-cli', nodes, replicas);
    const cluster = clusterHandle(nodes, tlsPorts, close);
    await cluster.waitUntilHealthy(options.readyTimeoutMs ?? 20_000);
    return cluster;
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * A cluster node also listens on its port + 10000 (the cluster bus), so its own port must leave
 * room for that: macOS hands out free ports up to 65535.
 */
const MAX_CLUSTER_PORT = 65_535 - 10_000;

async function createCluster(
  cli: string,
  nodes: readonly RedisServer[],
  replicas: number,
): Promise<void> {
  const addresses = nodes.map((n) => `${n.host}:${n.port}`);
  try {
    await run(
      cli,
      [
        '--cluster',
        'create',
        ...addresses,
        '--cluster-replicas',
        String(replicas),
        '--cluster-yes',
      ],
      {
        timeout: 30_000,
      },
    );
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { stdout?: string; stderr?: string };
    if (e.code === 'ENOENT') {
      throw new Error(
        `${cli} was not found on PATH. It ships with Redis (Debian/Ubuntu: apt-get install redis-server).`,
        { cause: error },
      );
    }
    throw new Error(
      `${cli} --cluster create failed:\n${`${e.stdout ?? ''}${e.stderr ?? ''}`.trim()}`,
      {
        cause: error,
      },
    );
  }
}

/** A free port for a node's TLS port, not one this cluster took already; recorded in `taken`. */
async function tlsPort(taken: number[]): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await freePort(MAX_CLUSTER_PORT);
    if (!taken.includes(port)) {
      taken.push(port);
      return port;
    }
  }
  throw new Error('No free port for a TLS port found.');
}

function tlsArgs(tls: RedisClusterTlsOptions, port: number): string[] {
  return [
    '--tls-port',
    String(port),
    '--tls-cert-file',
    tls.certFile,
    '--tls-key-file',
    tls.keyFile,
    '--tls-ca-cert-file',
    tls.caFile,
    '--tls-auth-clients',
    tls.authClients ? 'yes' : 'no',
    '--tls-cluster',
    'yes',
    '--tls-replication',
    'yes',
  ];
}

function clusterHandle(
  nodes: RedisServer[],
  tlsPorts: readonly number[],
  close: () => Promise<void>,
): RedisCluster {
  const anyRunning = () => {
    const node = nodes.find((n) => n.running);
    if (node === undefined) throw new Error('No node of this cluster is running.');
    return node;
  };
  const cluster: RedisCluster = {
    nodes,
    rootNodes: nodes.map((n) => ({ host: n.host, port: n.port })),
    tlsRootNodes: tlsPorts.map((port, i) => ({ host: nodes[i]?.host ?? '127.0.0.1', port })),
    async masterOf(key) {
      const node = anyRunning();
      const slot = Number(await node.command('CLUSTER', 'KEYSLOT', key));
      const ranges = (await node.command('CLUSTER', 'SLOTS')) as RedisReply[][];
      for (const [start, end, master] of ranges) {
        if (slot < Number(start) || slot > Number(end) || !Array.isArray(master)) continue;
        const owner = nodes.find((n) => n.port === Number(master[1]));
        if (owner !== undefined) return owner;
      }
      throw new Error(`No node of this cluster owns slot ${slot}.`);
    },
    async waitForFailover(key, previous, timeoutMs = 20_000) {
      return until(timeoutMs, 'No replica took over the slot', async () => {
        const owner = await cluster.masterOf(key).catch(() => undefined);
        return owner !== undefined && owner !== previous ? owner : undefined;
      });
    },
    async waitUntilHealthy(timeoutMs = 20_000) {
      await until(timeoutMs, 'The Redis Cluster did not report cluster_state:ok', async () => {
        const running = nodes.filter((n) => n.running);
        const states = await Promise.all(
          running.map((n) => n.command('CLUSTER', 'INFO').then(String, () => '')),
        );
        // Every node knows every other, and each replica has synced with its master.
        const replication = await Promise.all(
          running.map((n) => n.command('INFO', 'replication').then(String, () => '')),
        );
        const ok =
          states.every(
            (info) =>
              /^cluster_state:ok\r?$/m.test(info) &&
              Number(/^cluster_known_nodes:(\d+)/m.exec(info)?.[1]) === nodes.length,
          ) &&
          replication.every(
            (info) => !/^role:slave/m.test(info) || /^master_link_status:up/m.test(info),
          );
        return ok ? true : undefined;
      });
    },
    command: (...args) => anyRunning().command(...args),
    close,
    [Symbol.asyncDispose]: close,
  };
  return cluster;
}
