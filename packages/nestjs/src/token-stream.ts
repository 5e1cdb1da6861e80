import type { AccessToken, Clock, TokenRequest, VismaAuthEvent } from '@visma-auth/core';
import { normalizeScopes } from '@visma-auth/core';
import { Observable } from 'rxjs';
import type { TokenEventHub } from './token-event-hub.js';

/** The part of the core provider a token stream needs. */
export interface TokenStreamSource {
  getToken(request?: TokenRequest): Promise<AccessToken>;
}

/** Everything {@link createTokenStream} needs besides the request. */
export interface TokenStreamContext {
  source: TokenStreamSource;
  hub: TokenEventHub;
  clock: Clock;
  /** The provider's default tenant and scopes, to match events to this stream's token. */
  defaults: { tenantId?: string; scopes: readonly string[] | string };
}

/** setTimeout cannot wait longer than this (about 24.8 days). */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** Lower bound between two wake-ups, so a refresh that keeps failing is not polled in a tight loop. */
const MIN_WAKE_MS = 1_000;

/**
 * Creates a cold stream of the token for `request`: each subscriber gets the current token, then
 * every new token the provider fetches for the same tenant and scopes. While subscribed, it also
 * asks the provider again when the token is due for refresh, so an idle app still sees new tokens.
 */
export function createTokenStream(
  context: TokenStreamContext,
  request: Omit<TokenRequest, 'forceRefresh'> = {},
): Observable<AccessToken> {
  return new Observable<AccessToken>((subscriber) => {
    const { source, hub, clock, defaults } = context;
    if (hub.closed) {
      subscriber.complete();
      return;
    }
    // A forced refresh on every wake-up would fetch in a loop, so it is dropped here.
    const { forceRefresh: _ignored, ...tokenRequest } = request as TokenRequest;
    const tenantId = request.tenantId ?? defaults.tenantId;
    const scopes = normalizeScopes(request.scopes ?? defaults.scopes).join(' ');
    const aborter = new AbortController();
    const signal = tokenRequest.signal
      ? AbortSignal.any([tokenRequest.signal, aborter.signal])
      : aborter.signal;
    let last: string | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let pulling = false;
    let pullAgain = false;

    const stop = (): void => {
      aborter.abort();
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      unlisten();
    };

    const schedule = (token: AccessToken): void => {
      if (timer !== undefined) clearTimeout(timer);
      const delay = Math.min(
        MAX_TIMER_MS,
        Math.max(MIN_WAKE_MS, wakeAt(token, clock.now()) - clock.now()),
      );
      timer = setTimeout(pull, delay);
      // The stream must never be what keeps a process alive.
      timer.unref?.();
    };

    function pull(): void {
      if (subscriber.closed) return;
      if (pulling) {
        pullAgain = true;
        return;
      }
      pulling = true;
      source.getToken({ ...tokenRequest, signal }).then(
        (token) => {
          pulling = false;
          if (subscriber.closed) return;
          if (token.accessToken !== last) {
            last = token.accessToken;
            subscriber.next(token);
          }
          schedule(token);
          if (pullAgain) {
            pullAgain = false;
            pull();
          }
        },
        (error: unknown) => {
          pulling = false;
          if (!subscriber.closed) subscriber.error(error);
        },
      );
    }

    const unlisten = hub.listen({
      event(event: VismaAuthEvent) {
        if (event.type !== 'fetch_success') return;
        if (event.tenantId !== tenantId || event.scopes.join(' ') !== scopes) return;
        // The new entry is in the cache by the time core reports success, so this is a cache hit.
        pull();
      },
      close() {
        subscriber.complete();
      },
    });

    pull();
    return stop;
  });
}

/**
 * When to ask the provider again: the first of the entry's refresh-ahead time, the end of its
 * usable life (core's cache entries carry both) and its expiry that is still ahead.
 */
function wakeAt(token: AccessToken, now: number): number {
  const entry = token as AccessToken & { refreshAt?: unknown; usableUntil?: unknown };
  const times = [entry.refreshAt, entry.usableUntil, token.expiresAt - 60_000, token.expiresAt]
    .filter((t): t is number => typeof t === 'number' && Number.isFinite(t))
    .sort((a, b) => a - b);
  return times.find((t) => t > now) ?? now;
}
