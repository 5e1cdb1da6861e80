import type { CommandAdapter } from './client-adapter.js';
import { type RedisCacheOperation, RedisTokenCacheError } from './errors.js';
import type { LuaScript } from './lua-scripts.js';

/**
 * The few Redis commands the cache needs, each bounded by a timeout and failing with a
 * {@link RedisTokenCacheError} so the provider can tell Redis trouble from token trouble.
 */
export class RedisCommands {
  readonly #adapter: CommandAdapter;
  readonly #timeoutMs: number;

  constructor(adapter: CommandAdapter, timeoutMs: number) {
    this.#adapter = adapter;
    this.#timeoutMs = timeoutMs;
  }

  async get(op: RedisCacheOperation, key: string): Promise<string | undefined> {
    return asString(await this.#send(op, 'GET', [key], key));
  }

  async mget(op: RedisCacheOperation, keys: string[]): Promise<(string | undefined)[]> {
    const reply = await this.#send(op, 'MGET', keys, keys[0] ?? '');
    if (!Array.isArray(reply)) throw new RedisTokenCacheError(op, 'unexpected MGET reply');
    return reply.map(asString);
  }

  /** `SET key value PX ttl`, with `NX` when `onlyIfAbsent`; resolves whether it was set. */
  async set(
    op: RedisCacheOperation,
    key: string,
    value: string,
    ttlMs: number,
    onlyIfAbsent = false,
  ): Promise<boolean> {
    const args = [key, value, 'PX', pxArgument(ttlMs)];
    if (onlyIfAbsent) args.push('NX');
    return (await this.#send(op, 'SET', args, key)) !== null;
  }

  async del(op: RedisCacheOperation, key: string): Promise<number> {
    return Number(await this.#send(op, 'DEL', [key], key));
  }

  /** Runs a script by EVALSHA, loading it with EVAL when the server does not know it yet. */
  async eval(
    op: RedisCacheOperation,
    lua: LuaScript,
    keys: string[],
    args: string[],
  ): Promise<unknown> {
    const params = [String(keys.length), ...keys, ...args];
    // Every script touches one key's slot; its first key routes it on a cluster.
    const firstKey = keys[0] ?? '';
    try {
      return await this.#send(op, 'EVALSHA', [lua.sha, ...params], firstKey, true);
    } catch (error) {
      if (!isNoScript(error)) throw error;
      return this.#send(op, 'EVAL', [lua.source, ...params], firstKey);
    }
  }

  #send(
    op: RedisCacheOperation,
    command: string,
    args: string[],
    firstKey: string,
    rawNoScript = false,
  ): Promise<unknown> {
    if (!this.#adapter.ready()) {
      return Promise.reject(new RedisTokenCacheError(op, 'the Redis client is not connected'));
    }
    let pending: Promise<unknown>;
    try {
      pending = this.#adapter.send(command, args, firstKey);
    } catch (error) {
      pending = Promise.reject(error);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new RedisTokenCacheError(op, `no reply within ${this.#timeoutMs} ms`));
      }, this.#timeoutMs);
      pending.then(
        (reply) => {
          clearTimeout(timer);
          resolve(reply);
        },
        (error: unknown) => {
          clearTimeout(timer);
          // NOSCRIPT goes back to eval() as is so it can fall back to EVAL.
          if (rawNoScript && isNoScript(error)) reject(error);
          else reject(new RedisTokenCacheError(op, describe(error), error));
        },
      );
    });
  }
}

function isNoScript(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('NOSCRIPT');
}

function asString(reply: unknown): string | undefined {
  if (typeof reply === 'string') return reply;
  if (reply instanceof Uint8Array) return Buffer.from(reply).toString('utf8');
  return undefined;
}

/** A short reason from a client error; only the message's first line, which carries no arguments. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return 'the Redis client failed';
  const line = error.message.split('\n', 1)[0] ?? '';
  return line === '' ? error.name : line.slice(0, 200);
}

/** A TTL in ms as Redis takes it for `PX`/`PEXPIRE`: a whole number, at least 1. */
export function pxArgument(ttlMs: number): string {
  return String(Math.max(1, Math.ceil(ttlMs)));
}
