import { randomBytes } from 'node:crypto';
import {
  type CachedToken,
  type Clock,
  type TokenCache,
  type TokenCacheLock,
  VismaConfigError,
} from '@visma-auth/core';
import {
  ACCEPTED_CLIENTS,
  adaptClient,
  type RedisClientKind,
  type RedisClientLike,
  type RedisTopology,
} from './client-adapter.js';
import { type ErrorWatch, watchErrors } from './client-errors.js';
import { deriveKeys, type EncryptionKeyInput } from './encryption-key.js';
import { EntryCodec } from './entry-codec.js';
import { holdLease, releaseLease } from './lease.js';
import { DELETE_IF_EQUAL, DELETE_IF_PREFIX, SET_UNLESS_NEWER } from './lua-scripts.js';
import { pxArgument, RedisCommands } from './redis-commands.js';
import { abortReason, sleep } from './wait.js';

/** Options of {@link createRedisTokenCache}. */
export interface RedisTokenCacheOptions {
  /**
   * Your node-redis v5 or v6 client (`createClient`, `createCluster`, `createSentinel`; `connect()`
   * called, not necessarily awaited), ioredis v5 or iovalkey client (`new Redis`, with or without
   * `sentinels`, `new Cluster`), or Valkey GLIDE client (`GlideClient`, `GlideClusterClient`);
   * never closed by the cache.
   */
  client: RedisClientLike;
  /** Prefix of every key the cache writes. Default `visma-auth:`. */
  keyPrefix?: string;
  /**
   * 32-byte key (Buffer, secret KeyObject, or base64/hex string); when set, entries are
   * encrypted with AES-256-GCM and key names are keyed hashes. Default: stored in plain JSON.
   */
  encryptionKey?: EncryptionKeyInput;
  /**
   * Lease length for the process fetching a token; overrides what the provider asks for. The
   * holder renews it while it works, so this bounds how long a dead holder blocks the others.
   */
  lockTtlMs?: number;
  /** Longest wait for any single Redis command before it counts as a Redis failure. Default 1000. */
  commandTimeoutMs?: number;
  /** Longest pause between checks while waiting for another process's token. Default 100. */
  pollIntervalMs?: number;
  /** Time source for expiry; default `Date`. */
  clock?: Clock;
}

/** A fleet-wide {@link TokenCache} on Redis, with the lease and wait hooks the provider uses. */
export interface RedisTokenCache extends TokenCache {
  /** Which client library was detected. */
  readonly clientKind: RedisClientKind;
  /** How the client reaches Redis, as detected. */
  readonly topology: RedisTopology;
  /** Whether entries are encrypted at rest. */
  readonly encrypted: boolean;
  acquireLock(key: string, ttlMs: number): Promise<TokenCacheLock | undefined>;
  waitForEntry(
    key: string,
    options: { timeoutMs: number; signal?: AbortSignal },
  ): Promise<CachedToken | undefined>;
  /** Ends pending waits and lease renewals; the Redis client stays open, it is yours. */
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

const DEFAULT_PREFIX = 'visma-auth:';
const DEFAULT_COMMAND_TIMEOUT_MS = 1000;
const DEFAULT_POLL_INTERVAL_MS = 100;
const FIRST_POLL_MS = 10;
const systemClock: Clock = { now: () => Date.now() };

class RedisTokenCacheImpl implements RedisTokenCache {
  readonly clientKind: RedisClientKind;
  readonly topology: RedisTopology;
  readonly #commands: RedisCommands;
  readonly #codec: EntryCodec;
  readonly #prefix: string;
  readonly #lockTtlMs: number | undefined;
  readonly #pollIntervalMs: number;
  readonly #clock: Clock;
  readonly #closed = new AbortController();
  readonly #errors: ErrorWatch;

  constructor(options: RedisTokenCacheOptions) {
    if (typeof options !== 'object' || options === null) {
      throw new VismaConfigError('client', `pass { client } with ${ACCEPTED_CLIENTS}.`);
    }
    const adapted = adaptClient(options.client);
    if ('problem' in adapted) {
      throw new VismaConfigError('client', `${adapted.problem}; expected ${ACCEPTED_CLIENTS}.`);
    }
    const { adapter } = adapted;
    const prefix = options.keyPrefix ?? DEFAULT_PREFIX;
    if (typeof prefix !== 'string') throw new VismaConfigError('keyPrefix', 'must be a string.');
    this.clientKind = adapter.kind;
    this.topology = adapter.topology;
    this.#prefix = prefix;
    this.#lockTtlMs = positive('lockTtlMs', options.lockTtlMs);
    this.#pollIntervalMs =
      positive('pollIntervalMs', options.pollIntervalMs) ?? DEFAULT_POLL_INTERVAL_MS;
    const timeoutMs =
      positive('commandTimeoutMs', options.commandTimeoutMs) ?? DEFAULT_COMMAND_TIMEOUT_MS;
    this.#errors = watchErrors(options.client);
    this.#commands = new RedisCommands(adapter, timeoutMs, this.#errors.last);
    this.#codec = new EntryCodec(
      options.encryptionKey === undefined ? undefined : deriveKeys(options.encryptionKey),
    );
    this.#clock = options.clock ?? systemClock;
  }

  get encrypted(): boolean {
    return this.#codec.encrypted;
  }

  async get(key: string): Promise<CachedToken | undefined> {
    const names = this.#names(key);
    const value = await this.#commands.get('get', names.entry);
    return this.#decode(value, names.id);
  }

  async set(key: string, entry: CachedToken): Promise<void> {
    const ttlMs = entry.expiresAt - this.#clock.now();
    if (ttlMs <= 0) return;
    const names = this.#names(key);
    const value = this.#codec.encode(entry, names.id);
    const args = [value, pxArgument(ttlMs)];
    if (Number(await this.#commands.eval('set', SET_UNLESS_NEWER, [names.entry], args)) === 1) {
      return;
    }
    // Deferred to what outlives this token: fine if it is a readable entry; anything else (junk,
    // a truncated write) is a miss and must not block sharing until its own TTL ends.
    const stored = await this.#commands.get('set', names.entry);
    if (stored === undefined || this.#codec.decode(stored, names.id) !== undefined) return;
    await this.#commands.eval('set', DELETE_IF_EQUAL, [names.entry], [stored]);
    await this.#commands.eval('set', SET_UNLESS_NEWER, [names.entry], args);
  }

  async delete(key: string, accessToken?: string): Promise<boolean> {
    const { entry } = this.#names(key);
    if (accessToken === undefined) return (await this.#commands.del('delete', entry)) > 0;
    const prefix = this.#codec.matchPrefix(accessToken);
    return Number(await this.#commands.eval('delete', DELETE_IF_PREFIX, [entry], [prefix])) > 0;
  }

  async acquireLock(key: string, ttlMs: number): Promise<TokenCacheLock | undefined> {
    const { lock } = this.#names(key);
    const owner = `${process.pid}:${randomBytes(12).toString('base64url')}`;
    const leaseMs = this.#lockTtlMs ?? ttlMs;
    // A lease this process could not renew or release would keep the others waiting for nothing.
    await this.#commands.checkCommands('acquireLock', lock);
    let acquired: boolean;
    try {
      acquired = await this.#commands.set('acquireLock', lock, owner, leaseMs, true);
    } catch (error) {
      // A timed-out SET may still run later; this release queues behind it on the same
      // connection, so no orphan lease blocks the fleet.
      void releaseLease(this.#commands, lock, owner);
      throw error;
    }
    if (!acquired) return undefined;
    return holdLease({
      commands: this.#commands,
      lock,
      owner,
      ttlMs: leaseMs,
      closed: this.#closed.signal,
    });
  }

  async waitForEntry(
    key: string,
    options: { timeoutMs: number; signal?: AbortSignal },
  ): Promise<CachedToken | undefined> {
    const names = this.#names(key);
    const signal = options.signal
      ? AbortSignal.any([options.signal, this.#closed.signal])
      : this.#closed.signal;
    const deadline = performance.now() + Math.max(0, options.timeoutMs);
    let pause = FIRST_POLL_MS;
    for (;;) {
      if (options.signal?.aborted) throw abortReason(options.signal);
      const [value, lockValue] = await this.#commands.mget('waitForEntry', [
        names.entry,
        names.lock,
      ]);
      const entry = this.#decode(value, names.id);
      if (entry !== undefined && entry.refreshAt > this.#clock.now()) return entry;
      // No lease holder left (it stored nothing, or died and the lease ran out): stop waiting
      // so the caller can take the lease itself.
      const remaining = deadline - performance.now();
      if (lockValue === undefined || remaining <= 0 || this.#closed.signal.aborted) return entry;
      await sleep(Math.min(pause, remaining), signal);
      pause = Math.min(pause * 2, this.#pollIntervalMs);
    }
  }

  close(): Promise<void> {
    this.#closed.abort();
    this.#errors.stop();
    return Promise.resolve();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  /** Shows only harmless settings, never the client's or the key's internals. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `RedisTokenCache { client: '${this.clientKind}', topology: '${this.topology}', keyPrefix: ${JSON.stringify(this.#prefix)}, encrypted: ${this.encrypted} }`;
  }

  #decode(value: string | undefined, id: string): CachedToken | undefined {
    if (value === undefined) return undefined;
    const entry = this.#codec.decode(value, id);
    if (entry === undefined || entry.expiresAt <= this.#clock.now()) return undefined;
    return entry;
  }

  /**
   * Redis names for a core cache key: a digest, so tenant and client ids stay out of Redis, in a
   * `{hash tag}` so the entry and its lease live in one cluster slot.
   */
  #names(key: string): { id: string; entry: string; lock: string } {
    const id = this.#codec.digest(`key:${key}`);
    return { id, entry: `${this.#prefix}{${id}}`, lock: `${this.#prefix}{${id}}:lock` };
  }
}

function positive(option: string, value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new VismaConfigError(option, 'must be a positive number of milliseconds.');
  }
  return value;
}

/**
 * Creates a {@link TokenCache} shared by every process that uses the same Redis, on a client
 * you already have; pass it as the provider's `cache` option.
 * @example
 * ```ts
 * import { createClient } from 'redis';
 * const client = createClient({ url: process.env.REDIS_URL }).on('error', console.warn);
 * client.connect().catch(console.warn); // not awaited: start while Redis is down
 * const cache = createRedisTokenCache({ client, encryptionKey: process.env.TOKEN_CACHE_KEY });
 * ```
 */
export function createRedisTokenCache(options: RedisTokenCacheOptions): RedisTokenCache {
  return new RedisTokenCacheImpl(options);
}
