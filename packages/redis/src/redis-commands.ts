import type { CommandAdapter } from './client-adapter.js';
import { type RedisCacheOperation, RedisTokenCacheError } from './errors.js';
import { type LuaScript, PROBE_SCRIPT } from './lua-scripts.js';
import {
  CACHE_COMMANDS,
  isScriptPermissionError,
  permission,
  type Refusal,
  refusalOf,
} from './server-refusal.js';
import { sleep } from './wait.js';

/** How often a command waiting for the client's first connection looks again. */
const FIRST_CONNECT_POLL_MS = 10;

/** While a refusal lasts, Redis is asked again (one harmless probe) at most this often. */
const PROBE_INTERVAL_MS = 1000;

/**
 * The few Redis commands the cache needs, each bounded by a timeout and failing with a
 * {@link RedisTokenCacheError} so the provider can tell Redis trouble from token trouble.
 *
 * A refusal that reads survive (a command missing from the ACL, writes refused by a replica or by
 * `maxmemory`) is remembered: every command then fails at once with the same reason until a probe
 * of the refused command succeeds, so the provider sees one outage instead of a read that works
 * and a write that fails on every cold miss.
 */
export class RedisCommands {
  readonly #adapter: CommandAdapter;
  readonly #timeoutMs: number;
  #refusal: { refusal: Refusal; probeAt: number } | undefined;
  /** Whether the client was ever seen ready; until then commands wait for its first connection. */
  #wasReady: boolean;
  #checked: Promise<void> | undefined;

  readonly #lastClientError: () => string | undefined;

  /** `lastClientError` names why the client is not connected, when known. */
  constructor(
    adapter: CommandAdapter,
    timeoutMs: number,
    lastClientError: () => string | undefined = () => undefined,
  ) {
    this.#adapter = adapter;
    this.#timeoutMs = timeoutMs;
    this.#lastClientError = lastClientError;
    this.#wasReady = adapter.ready();
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
      try {
        return await this.#send(op, 'EVALSHA', [lua.sha, ...params], firstKey, true);
      } catch (error) {
        if (!isNoScript(error)) throw error;
        return await this.#send(op, 'EVAL', [lua.source, ...params], firstKey);
      }
    } catch (error) {
      // Redis does not say which command a script was refused: find it, so the report names it.
      if (!(error instanceof RedisTokenCacheError) || !isScriptPermissionError(causeOf(error))) {
        throw error;
      }
      const refused = await this.#firstRefused(op, lua.commands, firstKey);
      if (refused === undefined) throw error;
      this.#remember(refused);
      throw new RedisTokenCacheError(op, refused.reason, error.cause, refused.advice);
    }
  }

  /**
   * Checks once (again after a refusal ends) that Redis accepts every command the cache sends,
   * with harmless probes on `key`'s slot, so a lease is never taken by a process that could not
   * renew or release it and a missing permission is reported up front, naming the command.
   */
  async checkCommands(op: RedisCacheOperation, key: string): Promise<void> {
    await this.#whenReady(op);
    if (this.#refusal !== undefined) await this.#probe(op, key);
    this.#checked ??= this.#firstRefused(op, CACHE_COMMANDS, key).then((refused) => {
      if (refused === undefined) return;
      this.#remember(refused);
      throw new RedisTokenCacheError(op, refused.reason, undefined, refused.advice);
    });
    const checked = this.#checked;
    // A failed check is tried again on the next lease, after whatever failed is over.
    checked.catch(() => {
      if (this.#checked === checked) this.#checked = undefined;
    });
    return checked;
  }

  /** Probes `commands` on `key`'s slot and returns the refusal of the first one Redis refuses. */
  async #firstRefused(
    op: RedisCacheOperation,
    commands: readonly string[],
    key: string,
  ): Promise<Refusal | undefined> {
    const probes = await Promise.all(
      commands.map((command) =>
        this.#raw(op, probeArgs(command, key), key).then(
          () => undefined,
          (error: unknown) => {
            if (isNoScript(error)) return undefined;
            if (error instanceof RedisTokenCacheError) throw error;
            const refusal = refusalOf(error);
            if (refusal === undefined) throw new RedisTokenCacheError(op, describe(error), error);
            return refusal.kind === 'permission' && refusal.command === undefined
              ? permission(command)
              : refusal;
          },
        ),
      ),
    );
    return probes.find((p) => p !== undefined);
  }

  async #send(
    op: RedisCacheOperation,
    command: string,
    args: string[],
    firstKey: string,
    rawNoScript = false,
  ): Promise<unknown> {
    await this.#whenReady(op);
    if (this.#refusal !== undefined) await this.#probe(op, firstKey);
    try {
      return await this.#raw(op, [command, ...args], firstKey);
    } catch (error) {
      if (error instanceof RedisTokenCacheError) throw error;
      // NOSCRIPT goes back to eval() as is so it can fall back to EVAL.
      if (rawNoScript && isNoScript(error)) throw error;
      const refusal = refusalOf(error);
      if (refusal === undefined) throw new RedisTokenCacheError(op, describe(error), error);
      // A script's refusal is remembered by eval(), once it knows which command was refused.
      if (!isScriptPermissionError(describe(error))) this.#remember(refusal);
      throw new RedisTokenCacheError(op, refusal.reason, error, refusal.advice);
    }
  }

  /**
   * Fails at once while the client cannot send (reconnecting commands would only queue), except
   * while a client that has never been ready makes its first connection: a service's first calls
   * come right after it created the client, and should share, not report an outage.
   */
  async #whenReady(op: RedisCacheOperation): Promise<void> {
    if (this.#adapter.ready()) {
      this.#wasReady = true;
      return;
    }
    if (!this.#wasReady) {
      const until = performance.now() + this.#timeoutMs;
      while (performance.now() < until && !this.#adapter.closed()) {
        await sleep(FIRST_CONNECT_POLL_MS);
        if (this.#adapter.ready()) {
          this.#wasReady = true;
          return;
        }
      }
    }
    if (this.#adapter.closed()) {
      throw new RedisTokenCacheError(
        op,
        'the Redis client was closed',
        undefined,
        'close the provider before its Redis client, or give the cache an open client',
      );
    }
    const cause = this.#lastClientError();
    throw new RedisTokenCacheError(
      op,
      `the Redis client is not connected${cause === undefined ? '' : ` (its last error: ${cause})`}`,
    );
  }

  /**
   * While a refusal is remembered: fails at once, or, once per interval, probes the refused
   * command and forgets the refusal if Redis now accepts it.
   */
  async #probe(op: RedisCacheOperation, key: string): Promise<void> {
    const current = this.#refusal;
    if (current === undefined) return;
    const { refusal } = current;
    if (performance.now() < current.probeAt) {
      throw new RedisTokenCacheError(op, refusal.reason, undefined, refusal.advice);
    }
    current.probeAt = performance.now() + PROBE_INTERVAL_MS;
    const probe = refusal.kind === 'write' ? 'set' : (refusal.command ?? 'get');
    try {
      await this.#raw(op, probeArgs(probe, key), key);
    } catch (error) {
      if (!isNoScript(error)) {
        if (error instanceof RedisTokenCacheError) throw error;
        const again = refusalOf(error) ?? refusal;
        this.#remember(again);
        throw new RedisTokenCacheError(op, again.reason, error, again.advice);
      }
    }
    if (this.#refusal === current) {
      this.#refusal = undefined;
      // Another command may be missing too: check them all again before the next lease.
      this.#checked = undefined;
    }
  }

  #remember(refusal: Refusal): void {
    this.#refusal = { refusal, probeAt: performance.now() + PROBE_INTERVAL_MS };
  }

  /**
   * Sends one command, bounded by the command timeout; rejects with the client's own error, or a
   * {@link RedisTokenCacheError} on timeout.
   */
  #raw(op: RedisCacheOperation, args: string[], firstKey: string): Promise<unknown> {
    const [command = '', ...rest] = args;
    let pending: Promise<unknown>;
    try {
      pending = this.#adapter.send(command, rest, firstKey);
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
          reject(error);
        },
      );
    });
  }
}

/**
 * A harmless form of `command` on `key`'s slot that Redis refuses exactly when it would refuse
 * the cache's own use of it: nothing is written (`SET ... XX` on a key that does not exist) and
 * nothing read is used.
 */
function probeArgs(command: string, key: string): string[] {
  const probe = `${key}:probe`;
  switch (command.toLowerCase()) {
    case 'set':
      return ['SET', probe, '1', 'PX', '1000', 'XX'];
    case 'pexpire':
      return ['PEXPIRE', probe, '1000'];
    case 'eval':
      return ['EVAL', PROBE_SCRIPT.source, '1', probe];
    case 'evalsha':
      return ['EVALSHA', PROBE_SCRIPT.sha, '1', probe];
    case 'mget':
    case 'del':
    case 'pttl':
      return [command.toUpperCase(), probe];
    default:
      return ['GET', probe];
  }
}

function isNoScript(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('NOSCRIPT');
}

function causeOf(error: RedisTokenCacheError): string {
  return error.cause instanceof Error ? error.cause.message : '';
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
