import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createConnection, createServer } from 'node:net';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A throwaway redis-server on 127.0.0.1 that a test can stop and start again on the same port. */
export interface RedisServer {
  readonly port: number;
  readonly url: string;
  /** Whether the server process is running. */
  readonly running: boolean;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Runs redis-cli against this server and returns its raw output. */
  cli(...args: string[]): Promise<string>;
  [Symbol.asyncDispose](): Promise<void>;
}

const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/** Asks the OS for a free port; redis-server cannot listen on port 0 and report it. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Starts redis-server as a child of this process (no daemonize), so it dies with the test. */
export async function startRedisServer(): Promise<RedisServer> {
  let port = 0;
  let child: ChildProcess | undefined;
  for (let attempt = 0; attempt < 3 && child === undefined; attempt++) {
    port = await freePort();
    child = await spawnServer(port).catch(() => undefined);
  }
  if (child === undefined) throw new Error('redis-server did not start; is it installed?');
  let current: ChildProcess | undefined = child;

  const server: RedisServer = {
    port,
    url: `redis://127.0.0.1:${port}`,
    get running() {
      return current !== undefined;
    },
    async stop() {
      const c = current;
      current = undefined;
      if (c) await stopServer(c);
    },
    async start() {
      if (current === undefined) current = await spawnServer(port);
    },
    async cli(...args) {
      const { stdout } = await run('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args], {
        timeout: 5000,
      });
      return stdout;
    },
    async [Symbol.asyncDispose]() {
      await server.stop();
    },
  };
  return server;
}

async function spawnServer(port: number): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  live.add(child);
  child.once('exit', () => live.delete(child));
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    if (await ping(port)) return child;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  await stopServer(child);
  throw new Error(`redis-server did not become ready on port ${port}`);
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
  await exited;
  clearTimeout(timer);
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}
