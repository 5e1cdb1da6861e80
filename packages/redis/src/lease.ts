import type { TokenCacheLock } from '@visma-auth/core';
import { DELETE_IF_EQUAL, RENEW_IF_EQUAL } from './lua-scripts.js';
import { pxArgument, type RedisCommands } from './redis-commands.js';

/**
 * The longest a lease is renewed for one holder; the provider releases far sooner (its deadline),
 * so this only bounds a holder that forgot to release.
 */
const MAX_HOLD_MS = 120_000;

/** What {@link holdLease} needs to keep and release one lease. */
export interface LeaseOptions {
  commands: RedisCommands;
  /** The lease's key name. */
  lock: string;
  /** The value only this holder wrote. */
  owner: string;
  ttlMs: number;
  /** Ends renewal when the cache closes. */
  closed: AbortSignal;
}

/**
 * Keeps an acquired lease alive while its holder works (renewing at a third of its length, only
 * while it still holds it), so a slow token request or a long Retry-After does not let a second
 * process fetch too; releasing stops renewal and deletes the lease if this holder still owns it.
 * A holder that dies stops renewing and its lease runs out within `ttlMs`.
 */
export function holdLease(o: LeaseOptions): TokenCacheLock {
  const ttl = pxArgument(o.ttlMs);
  const stopAt = performance.now() + MAX_HOLD_MS;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const stop = () => {
    stopped = true;
    if (timer !== undefined) clearTimeout(timer);
    o.closed.removeEventListener('abort', stop);
  };
  o.closed.addEventListener('abort', stop, { once: true });
  const schedule = () => {
    if (stopped || performance.now() >= stopAt) return stop();
    timer = setTimeout(renew, Math.max(1, o.ttlMs / 3));
    // A lease never keeps the process alive on its own.
    timer.unref?.();
  };
  const renew = () => {
    o.commands.eval('renewLock', RENEW_IF_EQUAL, [o.lock], [o.owner, ttl]).then(
      // 0: the lease ran out or was taken over; renewing again could not win it back.
      (renewed) => (Number(renewed) === 1 ? schedule() : stop()),
      // A failed renewal may be a passing Redis hiccup: try again while the lease may still live.
      () => schedule(),
    );
  };
  schedule();
  let released: Promise<void> | undefined;
  return {
    release: () => {
      stop();
      released ??= releaseLease(o.commands, o.lock, o.owner);
      return released;
    },
  };
}

/** Deletes the lease if `owner` still holds it; a failure is harmless, the lease runs out. */
export async function releaseLease(
  commands: RedisCommands,
  lock: string,
  owner: string,
): Promise<void> {
  await commands.eval('releaseLock', DELETE_IF_EQUAL, [lock], [owner]).catch(() => {});
}
