/**
 * A throwaway `redis-server` on 127.0.0.1 and a random port, started as a child of this process
 * (never daemonized) so it dies with the run; `restart()` keeps the port, as a failover would.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createConnection, createServer } from 'node:net';

export interface RedisServer {
  readonly port: number;
  readonly url: string;
  readonly running: boolean;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Sends one inline command and returns the raw reply (e.g. `INFO stats`). */
  command(line: string): Promise<string>;
}

const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/** Asks the OS for a free port: redis-server cannot listen on port 0 and report it. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

export async function startRedisServer(): Promise<RedisServer> {
  let port = 0;
  let child: ChildProcess | undefined;
  for (let attempt = 0; attempt < 3 && child === undefined; attempt++) {
    port = await freePort();
    child = await spawnServer(port).catch(() => undefined);
  }
  if (child === undefined) throw new Error('redis-server did not start; is it installed?');
  let current: ChildProcess | undefined = child;
  return {
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
    command: (line) => rawCommand(port, line),
  };
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
    if ((await rawCommand(port, 'PING').catch(() => '')).startsWith('+PONG')) return child;
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

function rawCommand(port: number, line: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    let data = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('redis command timed out'));
    }, 2000);
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.once('connect', () => socket.write(`${line}\r\n`));
    socket.on('data', (chunk) => {
      data += chunk.toString();
      // A bulk reply ($n) is complete once n bytes and the trailing CRLF arrived.
      const bulk = /^\$(\d+)\r\n/.exec(data);
      if (bulk === null || data.length >= bulk[0].length + Number(bulk[1]) + 2) {
        clearTimeout(timer);
        socket.destroy();
        resolve(data);
      }
    });
  });
}
