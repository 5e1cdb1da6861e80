/**
 * A throwaway `redis-server` for tests and demos: a child of this process (never daemonized, so
 * it cannot outlive the run), on 127.0.0.1, with persistence off, that a test can stop and start
 * again on the same port to simulate an outage.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { redisCommand } from './redis-protocol.js';

export type { RedisReply } from './redis-protocol.js';

import type { RedisReply } from './redis-protocol.js';

const HOST = '127.0.0.1';

/** Options of {@link startRedisServer}. */
export interface RedisServerOptions {
  /** Port to listen on; default a free one (redis-server cannot listen on port 0 and report it). */
  port?: number;
  /**
   * The redis-server executable, a name on `PATH` or a path; default `redis-server`. It must be
   * the server itself, not a script that forks one: readiness checks the process id.
   */
  bin?: string;
  /**
   * Extra redis-server arguments, after the defaults so they win, e.g. `['--maxmemory', '1mb']`.
   * The defaults are `--port <port> --bind 127.0.0.1 --save '' --appendonly no --daemonize no`.
   */
  args?: readonly string[];
  /** How long to wait for the server to answer PING, in ms; default 5000. */
  readyTimeoutMs?: number;
  /** A config file loaded before the arguments, e.g. a sentinel's (redis-server rewrites it). */
  configFile?: string;
}

/** A running redis-server; see {@link startRedisServer}. */
export interface RedisServer {
  /** `redis://127.0.0.1:<port>`, for any Redis client. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** Whether the process is running: false after `stop()` until `start()`. */
  readonly running: boolean;
  /** Stops the process (its data is gone) and keeps the port for `start()`; no-op when stopped. */
  stop(): Promise<void>;
  /** Kills the process with SIGKILL, as a crashed host would; `start()` brings it back. */
  kill(): Promise<void>;
  /** Starts an empty server on the same port again, as after a failover; no-op when running. */
  start(): Promise<void>;
  /**
   * Sends one command without a Redis client, e.g. `command('FLUSHALL')`, and resolves with the
   * reply; a Redis error reply rejects.
   */
  command(...args: string[]): Promise<RedisReply>;
  /** Stops the process for good; `start()` afterwards rejects. Safe to call twice. */
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

const INSTALL_HINT =
  'Install Redis (Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis) ' +
  'or pass the path of the binary as `bin`.';
const OUTPUT_TAIL_CHARS = 2000;

// Killed when this process exits, however the test ended; registered on first use only, so that
// importing the package has no side effect.
const live = new Set<ChildProcess>();
let exitHookInstalled = false;
const exitCleanups = new Set<() => void>();
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const c of live) c.kill('SIGKILL');
    for (const cleanup of exitCleanups) cleanup();
  });
}
/** Runs `cleanup` (synchronously) when this process exits; returns a function that cancels it. */
export function onProcessExit(cleanup: () => void): () => void {
  installExitHook();
  exitCleanups.add(cleanup);
  return () => exitCleanups.delete(cleanup);
}
function killOnExit(child: ChildProcess): void {
  installExitHook();
  live.add(child);
  child.once('exit', () => live.delete(child));
}

/**
 * Starts `redis-server` on 127.0.0.1 and a free port (or `port`) as a child process, with no
 * persistence, and resolves once it answers PING.
 *
 * It is killed when this process exits; call `close()` (or use `await using`) to stop it sooner.
 * @throws when the binary is missing (the message says how to install it), the port is taken, or
 * the server does not answer within `readyTimeoutMs`.
 * @example
 * ```ts
 * await using redis = await startRedisServer();
 * const client = await createClient({ url: redis.url }).connect();
 * await redis.stop(); // the client now sees an outage
 * await redis.start(); // back, empty, on the same port
 * ```
 */
export function startRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  return startRedisServerOnPortUpTo(options, 65_535);
}

/**
 * {@link startRedisServer}, where a free port it picks is at most `maxPort` (a cluster node needs
 * room for its bus on port + 10000).
 */
export async function startRedisServerOnPortUpTo(
  options: RedisServerOptions,
  maxPort: number,
): Promise<RedisServer> {
  const spawnOn = (port: number) =>
    spawnServer(
      port,
      options.bin ?? 'redis-server',
      options.args ?? [],
      options.readyTimeoutMs,
      options.configFile,
    );

  let port = options.port ?? 0;
  let child: ChildProcess;
  if (options.port !== undefined) {
    child = await spawnOn(port);
  } else {
    // Another process may take the free port before redis-server binds it: try a few.
    for (let attempt = 1; ; attempt++) {
      port = await freePort(maxPort);
      try {
        child = await spawnOn(port);
        break;
      } catch (error) {
        if (attempt === 3 || (error as { missing?: boolean }).missing) throw error;
      }
    }
  }

  /**
   * Starts again on the same port. While the server was down, an outgoing connection may have
   * been given that port as its own for a moment; "Address already in use" is then retried (10
   * times, 200 ms apart) instead of failing the test that simulated an outage.
   */
  const spawnAgain = async (): Promise<ChildProcess> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await spawnOn(port);
      } catch (error) {
        const taken = /Address already in use/.test((error as Error).message);
        if (!taken || attempt === RESTART_ATTEMPTS) throw error;
        await new Promise((resolve) => setTimeout(resolve, RESTART_RETRY_MS));
      }
    }
  };

  let current: ChildProcess | undefined = child;
  let closed = false;
  // start/stop/close run one at a time, so a test that fires them back to back gets them in order.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(fn);
    queue = run.catch(() => undefined);
    return run;
  };

  const server: RedisServer = {
    url: `redis://${HOST}:${port}`,
    host: HOST,
    port,
    get running() {
      return current !== undefined && current.exitCode === null && current.signalCode === null;
    },
    stop: () =>
      serial(async () => {
        const c = current;
        current = undefined;
        if (c) await stopProcess(c);
      }),
    kill: () =>
      serial(async () => {
        const c = current;
        current = undefined;
        if (c && c.exitCode === null && c.signalCode === null) {
          const exited = once(c, 'exit');
          c.kill('SIGKILL');
          await exited;
        }
      }),
    start: () =>
      serial(async () => {
        if (closed) throw new Error('This redis-server was closed; start a new one instead.');
        if (server.running) return;
        current = await spawnAgain();
      }),
    command: (...args) => redisCommand(HOST, port, args),
    close: () => {
      closed = true;
      return server.stop();
    },
    [Symbol.asyncDispose]: () => server.close(),
  };
  return server;
}

const RESTART_ATTEMPTS = 10;
const RESTART_RETRY_MS = 200;

/**
 * Spawns redis-server on `port` and resolves once this very process answers; `configFile` comes
 * first when given (a sentinel needs one it can rewrite). Shared with the cluster and sentinel
 * helpers, not exported from the package.
 */
async function spawnServer(
  port: number,
  bin: string,
  extraArgs: readonly string[],
  readyTimeoutMs = 5000,
  configFile?: string,
): Promise<ChildProcess> {
  const args = configFile === undefined ? [] : [configFile];
  args.push('--port', String(port), '--bind', HOST, '--save', '', '--appendonly', 'no');
  args.push('--daemonize', 'no', ...extraArgs);
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  killOnExit(child);
  // Keep reading, so a chatty server never blocks on a full pipe; the tail explains failures.
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-OUTPUT_TAIL_CHARS);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);

  const failed = new Promise<never>((_, reject) => {
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') return reject(error);
      const missing = new Error(`${bin} was not found on PATH. ${INSTALL_HINT}`, { cause: error });
      reject(Object.assign(missing, { missing: true }));
    });
    child.once('exit', (code, signal) => {
      // An 'error' (spawn failed) also ends in 'exit'; let that message win.
      setImmediate(() =>
        reject(
          new Error(
            `${bin} exited (${signal ?? `code ${code}`}) before it was ready on port ${port}:\n` +
              output.trim(),
          ),
        ),
      );
    });
  });
  failed.catch(() => undefined);

  const deadline = Date.now() + readyTimeoutMs;
  try {
    while (Date.now() < deadline) {
      const ready = await Promise.race([answers(port, child), failed]);
      if (ready) return child;
      await Promise.race([new Promise((resolve) => setTimeout(resolve, 25)), failed]);
    }
  } catch (error) {
    await stopProcess(child);
    throw error;
  }
  await stopProcess(child);
  throw new Error(
    `${bin} did not answer PING on port ${port} within ${readyTimeoutMs} ms:\n${output.trim()}`,
  );
}

/**
 * Whether `child` answers on `port`: PING, then its process id, so a server of someone else's that
 * already holds the port is not taken for ours (ours then exits with "Address already in use").
 */
async function answers(port: number, child: ChildProcess): Promise<boolean> {
  try {
    if ((await redisCommand(HOST, port, ['PING'], 500)) !== 'PONG') return false;
    const info = String(await redisCommand(HOST, port, ['INFO', 'server'], 500));
    return new RegExp(`^process_id:${child.pid}\\r?$`, 'm').test(info);
  } catch {
    return false;
  }
}

/** Stops `child` with SIGTERM (SIGKILL after 3 s) and resolves once it exited. */
async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
  await exited;
  clearTimeout(timer);
}

/** Asks the OS for a free port on 127.0.0.1, at most `maxPort` (asking up to 200 times). */
export async function freePort(maxPort = 65_535): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const probe = createServer().listen(0, HOST);
    await once(probe, 'listening');
    const address = probe.address();
    await new Promise((resolve) => probe.close(resolve));
    if (address === null || typeof address === 'string') break;
    if (address.port <= maxPort) return address.port;
  }
  throw new Error(`No free port at or below ${maxPort} found on ${HOST}.`);
}
