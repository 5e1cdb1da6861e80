import type { AxiosRequestConfig } from 'axios';
import { REDACTED_AUTHORIZATION } from './redact-error.js';
import { guardStateOf, type RedirectGuardState } from './redirect-guard.js';

/**
 * Per-request bookkeeping, kept on the config's redirect guard (see {@link stateOf}) rather than
 * under a config key of its own: axios' configs are hash tables, and one key more made V8 grow
 * Nest's on every call (1.7 KB). The guard is a function, which axios passes on by reference
 * when a config is sent again; the header is a private field, which neither `JSON.stringify`,
 * `util.inspect` nor axios' `toJSON` shows.
 */
export class AuthState implements RedirectGuardState {
  /** The one 401 retry has been spent. */
  retried = false;
  /** The next pass through the request interceptor is our own retry: keep its header. */
  skipNext = false;
  /** A redirect left the origin the token was sent to. */
  leftOrigin = false;
  /** The caller's own `beforeRedirect`, run first by the guard. */
  callerRedirect: RedirectGuardState['callerRedirect'] = undefined;
  /** The `Authorization` value the adapter set for the request. */
  #header: string;

  constructor(header: string, retried: boolean) {
    this.#header = header;
    this.retried = retried;
  }

  get header(): string {
    return this.#header;
  }

  set header(value: string) {
    this.#header = value;
  }
}

/** The state of the request `config` was sent as with a token, if it was. */
export function stateOf(
  config: Pick<AxiosRequestConfig, 'beforeRedirect'> | undefined,
): AuthState | undefined {
  const state = guardStateOf(config?.beforeRedirect);
  return state instanceof AuthState ? state : undefined;
}

/** Whether `value` is the `Authorization` header the adapter set for the config `state` belongs to. */
export function isOurHeader(state: AuthState, value: unknown): boolean {
  return value === state.header || value === REDACTED_AUTHORIZATION;
}

/** The access token the adapter sent with the config `state` belongs to. */
export function sentToken(state: AuthState | undefined): string | undefined {
  return state?.header.slice('Bearer '.length);
}
