import type { AxiosHeaders } from 'axios';

/**
 * The key `Authorization` is stored under in `headers`, in whatever casing the caller used, or
 * `undefined`. Cheaper than `AxiosHeaders#get`, which lower-cases every key of a fresh key list.
 */
export function authorizationKey(headers: AxiosHeaders): string | undefined {
  for (const key in headers) {
    // 13 === 'authorization'.length: most keys are rejected without building a lower-cased copy.
    if (key.length === 13 && key.toLowerCase() === 'authorization') return key;
  }
  return undefined;
}

/**
 * Sets `Authorization` on an axios config's headers. With no such key yet, a plain property
 * write does what `set` would, without its name check and value scan: `value` comes from
 * core's `bearerHeader`, which only builds it from a token of header-safe characters.
 */
export function setAuthorization(headers: AxiosHeaders, value: string): void {
  if (authorizationKey(headers) === undefined) {
    (headers as unknown as Record<string, unknown>).Authorization = value;
  } else {
    headers.set('Authorization', value);
  }
}
