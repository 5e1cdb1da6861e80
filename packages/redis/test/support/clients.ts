import { Redis } from 'ioredis';
import { createClient } from 'redis';
import type { RedisClientLike } from '../../src/index.js';

/** A connected client of one library, closed by `close()`. */
export interface TestClient {
  readonly client: RedisClientLike;
  /** Resolves once the client can send again after Redis came back (bounded). */
  ready(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** The two supported libraries, each tuned to reconnect quickly so tests stay short. */
export const clientLibraries = {
  'node-redis': async (url: string): Promise<TestClient> => {
    const client = createClient({
      url,
      socket: { reconnectStrategy: () => 50, connectTimeout: 1000 },
    });
    client.on('error', () => {});
    await client.connect();
    return {
      client,
      ready: (timeoutMs) => until(() => client.isReady, timeoutMs),
      close: async () => {
        if (client.isOpen) client.destroy();
      },
    };
  },
  ioredis: async (url: string): Promise<TestClient> => {
    const client = new Redis(url, { retryStrategy: () => 50, maxRetriesPerRequest: 1 });
    client.on('error', () => {});
    await until(() => client.status === 'ready');
    return {
      client,
      ready: (timeoutMs) => until(() => client.status === 'ready', timeoutMs),
      close: async () => {
        client.disconnect();
      },
    };
  },
} as const;

/** Polls `condition` every 20 ms until it holds, failing after `timeoutMs`. */
export async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * The same real client, recording each command the cache sends through it (`[name, ...args]`),
 * so a test reads the values the code set instead of timing what Redis reports back.
 */
export function recordCommands(client: RedisClientLike): {
  client: RedisClientLike;
  sent: string[][];
} {
  const sent: string[][] = [];
  const proxy = new Proxy(client as object, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (prop === 'call' && typeof value === 'function') {
        return (command: string, ...args: string[]) => {
          sent.push([command, ...args]);
          return value.call(target, command, ...args);
        };
      }
      if (prop === 'sendCommand' && typeof value === 'function' && !('call' in target)) {
        return (args: string[]) => {
          sent.push([...args]);
          return value.call(target, args);
        };
      }
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { client: proxy as RedisClientLike, sent };
}
