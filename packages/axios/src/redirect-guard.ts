import { originOf } from '@visma-auth/core';
import type { AxiosRequestConfig } from 'axios';

type BeforeRedirect = NonNullable<AxiosRequestConfig['beforeRedirect']>;

/** What a guard keeps, reachable from the hook itself: a config sent again carries both along. */
export interface RedirectGuardState {
  /** A redirect left the origin the token was sent to. */
  leftOrigin: boolean;
  /** The caller's own hook, run first and put back by {@link unguardRedirects}. */
  callerRedirect?: BeforeRedirect | undefined;
}

const GUARD_STATE = Symbol('visma-auth.redirectGuardState');
type GuardedBeforeRedirect = BeforeRedirect & { [GUARD_STATE]?: RedirectGuardState };

/**
 * Returns a `beforeRedirect` hook that removes `Authorization` when a redirect leaves the origin
 * of `url`, after running the caller's own hook; `state.leftOrigin` is set when that happens.
 *
 * follow-redirects keeps the header on redirects to subdomains and on http-to-https upgrades,
 * which are still other origins, so the adapter does not rely on it. The origin is parsed only
 * when a redirect happens: most requests have none, and this runs for every one.
 */
export function guardRedirects(
  callerHook: BeforeRedirect | undefined,
  url: string,
  state: RedirectGuardState,
): BeforeRedirect {
  const caller = unguardRedirects(callerHook);
  state.callerRedirect = caller;
  let origin: string | undefined;
  const guard: GuardedBeforeRedirect = (options, responseDetails, requestDetails) => {
    caller?.(options, responseDetails, requestDetails);
    origin ??= originOf(url);
    if (origin !== undefined && redirectOrigin(options) === origin) return;
    state.leftOrigin = true;
    const headers = options.headers as Record<string, unknown> | undefined;
    if (headers === undefined) return;
    for (const name of Object.keys(headers)) {
      if (name.toLowerCase() === 'authorization') delete headers[name];
    }
  };
  // The state (and through it the caller's hook) stays reachable from the hook, so a re-sent
  // config is not wrapped twice and its request state needs no config key of its own.
  guard[GUARD_STATE] = state;
  return guard;
}

/** The caller's own hook behind a guard from {@link guardRedirects}, for a request sent without a token. */
export function unguardRedirects(hook: BeforeRedirect | undefined): BeforeRedirect | undefined {
  const state = guardStateOf(hook);
  return state === undefined ? hook : state.callerRedirect;
}

/** The state a guard from {@link guardRedirects} was made with, or `undefined` for any other value. */
export function guardStateOf(hook: unknown): RedirectGuardState | undefined {
  return typeof hook === 'function' ? (hook as GuardedBeforeRedirect)[GUARD_STATE] : undefined;
}

function redirectOrigin(options: Record<string, unknown>): string | undefined {
  try {
    if (typeof options.href === 'string') return new URL(options.href).origin;
    const port = options.port === undefined || options.port === '' ? '' : `:${options.port}`;
    return new URL(`${String(options.protocol)}//${String(options.hostname)}${port}`).origin;
  } catch {
    return undefined;
  }
}
