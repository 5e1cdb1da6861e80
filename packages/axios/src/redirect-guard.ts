import { originOf } from '@visma-auth/core';
import type { AxiosRequestConfig } from 'axios';

type BeforeRedirect = NonNullable<AxiosRequestConfig['beforeRedirect']>;
type GuardedBeforeRedirect = BeforeRedirect & { [CALLER]?: BeforeRedirect | undefined };

const CALLER = Symbol('visma-auth.callerBeforeRedirect');

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
  state: { leftOrigin: boolean },
): BeforeRedirect {
  const caller = unguardRedirects(callerHook);
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
  // Keep the caller's hook reachable so a re-sent config is not wrapped twice.
  guard[CALLER] = caller;
  return guard;
}

/** The caller's own hook behind a guard from {@link guardRedirects}, for a request sent without a token. */
export function unguardRedirects(hook: BeforeRedirect | undefined): BeforeRedirect | undefined {
  if (hook === undefined || !(CALLER in hook)) return hook;
  return (hook as GuardedBeforeRedirect)[CALLER];
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
