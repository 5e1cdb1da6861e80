import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('../fixtures/instance.mjs', import.meta.url));

/** Settings of one instance process; see `test/fixtures/instance.mjs`. */
export interface InstanceOptions {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  scopes: string;
  tenantId?: string;
  /** Omit (and `redisTopology`) to run without a shared cache. */
  redisUrl?: string;
  /** A cluster or sentinel setup to share instead of the server at `redisUrl`. */
  redisTopology?: RedisTopologyOption;
  /** `valkey-glide` (a `GlideClient`) on one server at `redisUrl` only. */
  redisLib?: 'node-redis' | 'ioredis' | 'valkey-glide';
  encryptionKey?: string;
  lockTtlMs?: number;
  /** An ACL user every cluster node logs in as (a standalone URL carries its own). */
  redisUser?: { username: string; password: string };
  /** The cache's per-command timeout; default 3000 here, so a busy test machine is not an outage. */
  commandTimeoutMs?: number;
}

/** How an instance reaches a cluster (its nodes) or a sentinel setup (its sentinels). */
export type RedisTopologyOption =
  | { kind: 'cluster'; nodes: readonly { host: string; port: number }[] }
  | { kind: 'sentinel'; sentinels: readonly { host: string; port: number }[]; masterName: string };

/** Result of a burst of concurrent `getToken` calls in one process. */
export interface BurstResult {
  ok: number;
  failed: number;
  errors: string[];
  /** Short digests of the distinct tokens handed out. */
  tokens: string[];
  ms: number;
}

/** Result of a steady load run in one process. */
export interface LoadResult {
  ok: number;
  failed: number;
  tokens: string[];
}

/** A running instance process. */
export interface Instance {
  readonly pid: number;
  readonly exited: boolean;
  /** Fires `calls` concurrent getToken calls (for `tenantId`, else the default tenant). */
  burst(calls: number, options?: { tenantId?: string; timeoutMs?: number }): Promise<BurstResult>;
  /** Keeps `concurrency` callers asking for tokens for `durationMs`. */
  load(
    durationMs: number,
    options?: { tenantId?: string; concurrency?: number },
  ): Promise<LoadResult>;
  events(): Promise<string[]>;
  /** The cache events with the message of each `cache_degraded`. */
  eventDetails(): Promise<string[]>;
  /** Drops the token locally and in Redis, as after a 401. */
  invalidate(): Promise<void>;
  kill(): Promise<void>;
  exit(): Promise<void>;
}

const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/** Starts one instance as a separate Node process on the built packages and waits until it is ready. */
export async function startInstance(options: InstanceOptions): Promise<Instance> {
  const child = spawn(process.execPath, [script], {
    env: {
      PATH: process.env.PATH,
      TOKEN_URL: options.tokenUrl,
      CLIENT_ID: options.clientId,
      CLIENT_SECRET: options.clientSecret,
      SCOPES: options.scopes,
      TENANT_ID: options.tenantId ?? '',
      REDIS_URL: options.redisUrl ?? '',
      ...topologyEnv(options.redisTopology),
      REDIS_LIB: options.redisLib ?? 'node-redis',
      // `redis6` in the node-redis 6 run (vitest.redis6.config.ts).
      NODE_REDIS_MODULE: process.env.NODE_REDIS_MODULE ?? 'redis',
      ENCRYPTION_KEY: options.encryptionKey ?? '',
      LOCK_TTL_MS: options.lockTtlMs === undefined ? '' : String(options.lockTtlMs),
      COMMAND_TIMEOUT_MS: String(options.commandTimeoutMs ?? 3000),
      REDIS_USERNAME: options.redisUser?.username ?? '',
      REDIS_PASSWORD: options.redisUser?.password ?? '',
    },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  live.add(child);
  const exit = once(child, 'exit').finally(() => live.delete(child));
  const waiting = new Map<
    number,
    { resolve: (value: unknown) => void; reject: (e: Error) => void }
  >();
  let ready: ((pid: number) => void) | undefined;
  const readyPromise = new Promise<number>((resolve) => {
    ready = resolve;
  });
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
    const message = JSON.parse(line) as { type: string; id?: number; pid?: number };
    if (message.type === 'ready') ready?.(message.pid as number);
    else if (message.id !== undefined) waiting.get(message.id)?.resolve(message);
  });
  void exit.then(() => {
    for (const w of waiting.values()) w.reject(new Error('instance exited'));
  });

  let nextId = 0;
  const request = <T>(command: Record<string, unknown>, timeoutMs: number): Promise<T> => {
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        waiting.delete(id);
        reject(new Error(`instance did not answer ${String(command.cmd)} within ${timeoutMs} ms`));
      }, timeoutMs);
      waiting.set(id, {
        resolve: (value) => {
          clearTimeout(timer);
          waiting.delete(id);
          resolve(value as T);
        },
        reject: (error) => {
          clearTimeout(timer);
          waiting.delete(id);
          reject(error);
        },
      });
      child.stdin?.write(`${JSON.stringify({ ...command, id })}\n`);
    });
  };

  const pid = await Promise.race([
    readyPromise,
    exit.then(() => {
      throw new Error('instance exited before it was ready');
    }),
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error('instance not ready within 20 s')), 20_000),
    ),
  ]);

  return {
    pid,
    get exited() {
      return child.exitCode !== null || child.signalCode !== null;
    },
    burst: (calls, { tenantId, timeoutMs = 20_000 } = {}) =>
      request({ cmd: 'burst', calls, tenantId }, timeoutMs),
    load: (durationMs, { tenantId, concurrency = 4 } = {}) =>
      request({ cmd: 'load', durationMs, tenantId, concurrency }, durationMs + 20_000),
    events: () => request<{ events: string[] }>({ cmd: 'events' }, 5000).then((r) => r.events),
    eventDetails: () =>
      request<{ details: string[] }>({ cmd: 'events' }, 5000).then((r) => r.details),
    invalidate: () => request<unknown>({ cmd: 'invalidate' }, 10_000).then(() => undefined),
    async kill() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exit;
      }
    },
    async exit() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.stdin?.write(`${JSON.stringify({ cmd: 'exit' })}\n`);
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exit;
      clearTimeout(timer);
    },
  };
}

function topologyEnv(topology: RedisTopologyOption | undefined): Record<string, string> {
  if (topology === undefined) return {};
  if (topology.kind === 'cluster') {
    return { REDIS_TOPOLOGY: 'cluster', REDIS_NODES: JSON.stringify(topology.nodes) };
  }
  return {
    REDIS_TOPOLOGY: 'sentinel',
    REDIS_NODES: JSON.stringify(topology.sentinels),
    REDIS_MASTER_NAME: topology.masterName,
  };
}
