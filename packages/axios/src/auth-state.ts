import type { InternalAxiosRequestConfig } from 'axios';
import { REDACTED_AUTHORIZATION } from './redact-error.js';

/**
 * Per-request bookkeeping kept on the config under a plain key. A class instance, so that axios
 * passes it on by reference when a config is sent again (it deep-copies plain objects), and the
 * header it set can be recognised; the header is a private field, which neither
 * `JSON.stringify`, `util.inspect` nor axios' `toJSON` shows.
 */
export class AuthState {
  /** The one 401 retry has been spent. */
  retried = false;
  /** The next pass through the request interceptor is our own retry: keep its header. */
  skipNext = false;
  /** A redirect left the origin the token was sent to. */
  leftOrigin = false;
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

/** The config key the state lives under. */
export const STATE = '__vismaAuth';

/** A config that may carry our state (or a plain copy of it, which lost the class). */
export type WithState = InternalAxiosRequestConfig & {
  [STATE]?: AuthState | Partial<AuthState>;
};

/** Whether `value` is the `Authorization` header the adapter set for the config `state` belongs to. */
export function isOurHeader(state: AuthState | Partial<AuthState>, value: unknown): boolean {
  if (typeof value !== 'string') return false;
  if (value === REDACTED_AUTHORIZATION) return true;
  const sent = state instanceof AuthState ? state.header : undefined;
  // A copied config lost the link to what we set; a bearer on it came from us.
  return sent === undefined ? /^bearer /i.test(value) : value === sent;
}

/** The access token the adapter sent with the config `state` belongs to. */
export function sentToken(state: AuthState | Partial<AuthState> | undefined): string | undefined {
  if (!(state instanceof AuthState)) return undefined;
  return state.header.slice('Bearer '.length);
}
