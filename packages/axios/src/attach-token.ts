import type { AccessToken, TokenRequest, VismaTokenSource } from '@visma-auth/core';
import { bearerHeader } from '@visma-auth/core';
import type { AxiosInterceptorOptions, InternalAxiosRequestConfig } from 'axios';
import type { AllowedUrl } from './allowed-url.js';
import { AuthState, isOurHeader, stateOf } from './auth-state.js';
import { authorizationKey, setAuthorization } from './authorization-header.js';
import { guardRedirects, unguardRedirects } from './redirect-guard.js';

type Config = InternalAxiosRequestConfig;

/** One request interceptor as `InterceptorManager#use` takes it. */
export interface RequestInterceptor<R> {
  fulfilled: (config: Config) => R;
  options: AxiosInterceptorOptions;
}

/** The two request interceptors of an instance; register `warm` first, then `cold`. */
export interface TokenAttacher {
  /** Synchronous: a config that needs no token, or whose token is in memory (`peekToken`). */
  warm: RequestInterceptor<Config | Promise<Config>>;
  /** Awaits the token; runs instead of `warm` when it is not in memory or other interceptors run too. */
  cold: RequestInterceptor<Promise<Config>>;
}

/** What the request interceptor will do with a config. */
enum Step {
  /** Our own 401 retry passes through: keep the header it carries. */
  SkipOurRetry = 0,
  /** No token for this request; take ours off if it was sent before. */
  NoToken = 1,
  /** A token is in memory: set it synchronously. */
  Warm = 2,
  /** The token has to be awaited. */
  Cold = 3,
}

interface HandlerLike {
  fulfilled?: unknown;
}

/**
 * Builds the request interceptors that put the token on requests to allowed origins.
 *
 * axios runs request interceptors without a promise only when every one that runs is registered
 * `synchronous`, and each `runWhen` is asked before any of them runs. So `warm.runWhen` decides
 * the whole step (reading the token with `peekToken`) and `cold.runWhen` takes the other
 * branch; the decision holds until `warm` runs because, when nothing but these two interceptors
 * is registered, no other code runs in between. With other request interceptors (which may
 * change the config, or make axios chain promises anyway) every request takes `cold`.
 */
export function createTokenAttacher(
  provider: VismaTokenSource,
  allowedUrl: AllowedUrl,
  tokenRequestFor: (config: Config) => TokenRequest | undefined,
  handlers: () => readonly (HandlerLike | null)[] | null | undefined,
): TokenAttacher {
  // The step decided for the last config, read by the interceptor that runs right after.
  let config: Config | undefined;
  let step = Step.Cold;
  let url: string | undefined;
  let ours = false;
  let token: AccessToken | undefined;
  let request: TokenRequest | undefined;

  /** Decides the step for `next` into the variables above; throws what the cold path reports. */
  const decide = (next: Config): void => {
    config = next;
    token = undefined;
    request = undefined;
    ours = false;
    url = undefined;
    step = Step.Cold;
    const state = stateOf(next);
    if (state?.skipNext) {
      step = Step.SkipOurRetry;
      return;
    }
    const headers = next.headers;
    const key = authorizationKey(headers);
    const current: unknown = key === undefined ? undefined : headers[key];
    // A config sent again (a retry helper, failover, `{ ...res.config, url }`) still carries the
    // header we set; one we did not set is the caller's choice.
    ours = state !== undefined && isOurHeader(state, current);
    const callerHeader = current !== undefined && current !== null && current !== false && !ours;
    url = next.vismaAuth === false || callerHeader ? undefined : allowedUrl(next);
    if (url === undefined) {
      step = Step.NoToken;
      return;
    }
    request = tokenRequestFor(next);
    token = peek(provider, request);
    step = token === undefined ? Step.Cold : Step.Warm;
  };

  /** Carries out a decided step other than `Cold`; returns the config. */
  const apply = (target: Config): Config => {
    const state = stateOf(target);
    if (step === Step.SkipOurRetry) {
      if (state !== undefined) state.skipNext = false;
    } else if (step === Step.NoToken) {
      if (state !== undefined) {
        if (ours) target.headers.delete('authorization');
        // The guard carried the state: putting the caller's hook back drops both.
        target.beforeRedirect = unguardRedirects(target.beforeRedirect);
      }
    } else {
      setToken(target, url as string, state, token as AccessToken);
    }
    forget();
    return target;
  };

  const forget = (): void => {
    config = undefined;
    token = undefined;
    request = undefined;
  };

  /** Whether `warm` and `cold` are the only request interceptors, in that order. */
  const alone = (): boolean => {
    const list = handlers();
    if (!Array.isArray(list)) return false;
    let seen = 0;
    for (const handler of list) {
      if (handler === null || handler === undefined) continue;
      if (handler.fulfilled !== (seen === 0 ? warm : cold)) return false;
      seen++;
    }
    return seen === 2;
  };

  const warm = (target: Config): Config | Promise<Config> => {
    // Another config or a cold one only when `runWhen` was bypassed, which the `alone` check rules
    // out; `cold` is still correct then when axios chains promises.
    if (target !== config || step === Step.Cold) return cold(target);
    return apply(target);
  };

  const cold = async (target: Config): Promise<Config> => {
    decide(target);
    if (step !== Step.Cold) return apply(target);
    const tokenUrl = url as string;
    const tokenRequest = request;
    forget();
    const fetched = await provider.getToken(tokenRequest);
    setToken(target, tokenUrl, stateOf(target), fetched);
    return target;
  };

  return {
    warm: {
      fulfilled: warm,
      options: {
        synchronous: true,
        runWhen: (next) => {
          if (!alone()) {
            forget();
            return false;
          }
          try {
            decide(next);
          } catch {
            // `cold` decides again and rejects with the error.
            forget();
            return false;
          }
          return step !== Step.Cold;
        },
      },
    },
    cold: {
      fulfilled: cold,
      options: { runWhen: (next) => next !== config || step === Step.Cold },
    },
  };
}

/** Puts `token` on the config and remembers it, with a redirect guard for `url`'s origin. */
function setToken(
  config: Config,
  url: string,
  state: AuthState | undefined,
  token: AccessToken,
): void {
  const header = bearerHeader(token);
  setAuthorization(config.headers, header);
  const next = new AuthState(header, state?.retried ?? false);
  config.beforeRedirect = guardRedirects(config.beforeRedirect, url, next);
}

/** The token `provider` has in memory for `request`; a failing `peekToken` counts as none (`getToken` reports it). */
function peek(
  provider: VismaTokenSource,
  request: TokenRequest | undefined,
): AccessToken | undefined {
  try {
    return provider.peekToken?.(request);
  } catch {
    return undefined;
  }
}
