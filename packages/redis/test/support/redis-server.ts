import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import {
  type RedisServer as BaseRedisServer,
  startRedisServer as start,
} from '@visma-auth/testing';

const run = promisify(execFile);

/** The shared throwaway redis-server, plus redis-cli for `--scan` and its plain-text output. */
export interface RedisServer extends BaseRedisServer {
  /** Runs redis-cli against this server and returns its raw output. */
  cli(...args: string[]): Promise<string>;
}

export async function startRedisServer(): Promise<RedisServer> {
  const server = await start();
  return Object.assign(server, {
    async cli(...args: string[]) {
      const { stdout } = await run(
        'redis-cli',
        ['-h', server.host, '-p', String(server.port), ...args],
        { timeout: 5000 },
      );
      return stdout;
    },
  });
}
