/**
 * Single-flight across processes: with a shared cache that can lease, one process fetches a
 * token while the others wait for the entry it stores, and take over when it dies.
 */
import type { CachedToken, TokenCache, TokenCacheLock } from './types.js';

/** What {@link coordinateFetch} needs from the provider. */
export interface CoordinateOptions {
  cache: Pick<TokenCache, 'acquireLock' | 'waitForEntry'>;
  key: string;
  /** Reads the shared entry, bypassing a local copy that may be older. */
  read(key: string): Promise<CachedToken | undefined>;
  /** Whether an entry can be handed to this caller. */
  usable(entry: CachedToken): boolean;
  /** Whether an entry needs no refresh yet (a lease holder then skips fetching). */
  fresh(entry: CachedToken): boolean;
  /** Lease length asked for; also the longest single wait for another process. */
  leaseMs: number;
  /** Overall bound on waiting for other processes, in ms. */
  deadlineMs: number;
  /** Ends the waiting early (the provider is closing). */
  signal?: AbortSignal;
  /** Reports a cache hook that threw; the caller then fetches alone. */
  onError(operation: string, error: unknown): void;
}

/** A usable entry from another process, the lease to fetch under, or neither (fetch alone). */
export interface Coordination {
  entry?: CachedToken;
  lock?: TokenCacheLock;
}

/**
 * A backstop on rounds only: the deadline ends waiting first (each round waits up to a lease,
 * or at least {@link MIN_ROUND_MS}).
 */
const MAX_ROUNDS = 1_000;

/** Shortest round: a wait that returns at once while the lease lives is not retried in a spin. */
const MIN_ROUND_MS = 50;

/**
 * Takes the lease for `key` or waits for whoever holds it, for as long as the holder keeps its
 * lease (it renews it through a long `Retry-After`), bounded by `deadlineMs` and `signal`; when
 * the holder stores nothing (it failed, or died and its lease ran out) the lease is tried again,
 * so exactly one survivor fetches. Past the deadline the caller fetches alone (and still honours
 * a `Retry-After` the holder shared).
 */
export async function coordinateFetch(o: CoordinateOptions): Promise<Coordination> {
  const { cache } = o;
  if (cache.acquireLock === undefined) return {};
  const deadline = performance.now() + o.deadlineMs;
  for (let round = 1; ; round++) {
    let lock: TokenCacheLock | undefined;
    try {
      lock = await cache.acquireLock(o.key, o.leaseMs);
    } catch (error) {
      o.onError('acquireLock', error);
      return {};
    }
    if (lock !== undefined) {
      // Another process may have stored a token between our miss and this lease.
      const entry = await o.read(o.key).catch(() => undefined);
      if (entry !== undefined && o.usable(entry) && o.fresh(entry)) {
        await lock.release().catch(() => {});
        return { entry };
      }
      return { lock };
    }
    const remaining = deadline - performance.now();
    if (cache.waitForEntry === undefined || remaining <= 0 || round >= MAX_ROUNDS) return {};
    if (o.signal?.aborted) return {};
    const started = performance.now();
    try {
      const entry = await cache.waitForEntry(o.key, {
        timeoutMs: Math.min(o.leaseMs, remaining),
        ...(o.signal ? { signal: o.signal } : {}),
      });
      if (entry !== undefined && o.usable(entry)) return { entry };
    } catch (error) {
      if (o.signal?.aborted) return {};
      o.onError('waitForEntry', error);
      return {};
    }
    const waited = performance.now() - started;
    if (waited < MIN_ROUND_MS) {
      await pause(Math.min(MIN_ROUND_MS - waited, deadline - performance.now()), o.signal);
    }
  }
}

/** Sleeps up to `ms`, waking early (without error) when `signal` aborts. */
function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (ms <= 0 || signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    timer.unref?.();
    signal?.addEventListener('abort', done, { once: true });
  });
}
