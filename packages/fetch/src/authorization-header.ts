/** Every shape `RequestInit.headers` accepts. */
type HeadersInit = NonNullable<RequestInit['headers']>;

/** Whether the caller's headers already carry an `Authorization` header, in any casing. */
export function hasAuthorization(headers: HeadersInit | undefined): boolean {
  if (headers === undefined || headers === null) return false;
  if (headers instanceof Headers) return headers.has('authorization');
  if (Array.isArray(headers)) return headers.some(([name]) => isAuthorization(name));
  for (const name of Object.keys(headers)) if (isAuthorization(name)) return true;
  return false;
}

/**
 * Returns a copy of `headers` with `Authorization` set, keeping the caller's object untouched
 * and its shape where that is cheap (a plain object stays a plain object).
 */
export function withAuthorization(headers: HeadersInit | undefined, value: string): HeadersInit {
  if (headers === undefined || headers === null) return { authorization: value };
  if (headers instanceof Headers) {
    const copy = new Headers(headers);
    copy.set('authorization', value);
    return copy;
  }
  if (Array.isArray(headers)) return [...headers, ['authorization', value]];
  return { ...(headers as Record<string, string>), authorization: value };
}

function isAuthorization(name: string | undefined): boolean {
  return name !== undefined && name.length === 13 && name.toLowerCase() === 'authorization';
}
