import type { Dispatcher } from 'undici';

/** Every shape undici accepts for request headers. */
export type UndiciHeaders = Dispatcher.DispatchOptions['headers'];

/** Whether the request's headers already carry an `Authorization` header, in any casing. */
export function hasAuthorization(headers: UndiciHeaders): boolean {
  if (headers == null) return false;
  if (Array.isArray(headers)) {
    if (isPairList(headers)) return headers.some((pair) => isAuthorization(pair[0]));
    for (let i = 0; i < headers.length; i += 2) if (isAuthorization(headers[i])) return true;
    return false;
  }
  if (isIterable(headers)) {
    for (const [name] of headers) if (isAuthorization(name)) return true;
    return false;
  }
  for (const name of Object.keys(headers)) if (isAuthorization(name)) return true;
  return false;
}

/** Returns a copy of `headers` with `Authorization` set, leaving the caller's object untouched. */
export function withAuthorization(headers: UndiciHeaders, value: string): UndiciHeaders {
  if (headers == null) return { authorization: value };
  if (Array.isArray(headers)) {
    if (isPairList(headers)) return [...headers.flat(), 'authorization', value] as string[];
    return [...(headers as string[]), 'authorization', value];
  }
  if (isIterable(headers)) {
    const flat: string[] = [];
    for (const [name, v] of headers) flat.push(name, v as string);
    return [...flat, 'authorization', value];
  }
  return { ...headers, authorization: value };
}

const latin1 = new TextDecoder('latin1');

function isPairList(headers: readonly unknown[]): headers is readonly [string, string][] {
  return headers.length > 0 && Array.isArray(headers[0]);
}

function isIterable(value: object): value is Iterable<[string, string | string[] | undefined]> {
  return typeof (value as Partial<Iterable<unknown>>)[Symbol.iterator] === 'function';
}

function isAuthorization(name: unknown): boolean {
  if (typeof name === 'string') return name.length === 13 && name.toLowerCase() === 'authorization';
  // undici also takes header names as Buffers.
  return (
    ArrayBuffer.isView(name) &&
    name.byteLength === 13 &&
    isAuthorization(latin1.decode(name as Uint8Array))
  );
}
