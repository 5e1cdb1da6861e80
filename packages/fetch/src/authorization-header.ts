/** Every shape `RequestInit.headers` accepts. */
type HeadersInit = NonNullable<RequestInit['headers']>;

/** Something with `Headers`' or `Map`'s `forEach`: undici's or node-fetch's `Headers`, a `Map`, a `Headers` from another realm. */
interface ForEachHeaders {
  forEach(callback: (value: unknown, name: string) => void): void;
}

/**
 * Headers as callers pass them: every `HeadersInit` shape, plus `Headers` classes from other
 * libraries or realms, a `Map`, or any iterable of name/value pairs.
 */
export type HeadersLike = HeadersInit | ForEachHeaders | Iterable<readonly [string, unknown]>;

/** Whether the caller's headers already carry an `Authorization` header, in any casing. */
export function hasAuthorization(headers: HeadersLike | undefined | null): boolean {
  if (headers === undefined || headers === null) return false;
  if (headers instanceof Headers) return headers.has('authorization');
  if (isPlainObject(headers)) {
    for (const name of Object.keys(headers)) if (isAuthorization(name)) return true;
    return false;
  }
  return headerEntries(headers).some(([name]) => isAuthorization(name));
}

/**
 * Returns a copy of `headers` with `Authorization` set, keeping the caller's object untouched
 * and its shape where that is cheap (a plain object stays a plain object); any other shape
 * becomes a `Headers` with every one of the caller's headers.
 */
export function withAuthorization(
  headers: HeadersLike | undefined | null,
  value: string,
): HeadersInit {
  if (headers === undefined || headers === null) return { authorization: value };
  if (isPlainObject(headers))
    return { ...(headers as Record<string, string>), authorization: value };
  if (Array.isArray(headers)) return [...headers, ['authorization', value]];
  const copy = toHeaders(headers);
  copy.set('authorization', value);
  return copy;
}

/**
 * The caller's headers as this realm's `Headers`, whatever their shape, so a fetch that checks
 * `instanceof Headers` (as the global one does) keeps every one of them.
 */
export function toHeaders(headers: HeadersLike | undefined | null): Headers {
  if (headers === undefined || headers === null) return new Headers();
  if (headers instanceof Headers) return new Headers(headers);
  const copy = new Headers();
  for (const [name, value] of headerEntries(headers)) copy.append(name, value);
  return copy;
}

/**
 * Name/value pairs of any header shape: arrays of pairs, anything with `forEach(value, name)`
 * (Headers of any library or realm, Map), other iterables of pairs, anything with `entries()`,
 * plain records.
 */
export function headerEntries(headers: HeadersLike): [string, string][] {
  const entries: [string, string][] = [];
  if (Array.isArray(headers)) {
    for (const [name, value] of headers as [string, unknown][]) entries.push([name, String(value)]);
  } else if (typeof (headers as Partial<ForEachHeaders>).forEach === 'function') {
    (headers as ForEachHeaders).forEach((value, name) => {
      entries.push([String(name), String(value)]);
    });
  } else if (typeof (headers as Partial<Iterable<unknown>>)[Symbol.iterator] === 'function') {
    for (const [name, value] of headers as Iterable<readonly [string, unknown]>) {
      entries.push([String(name), String(value)]);
    }
  } else if (typeof (headers as { entries?: unknown }).entries === 'function') {
    const pairs = (headers as { entries(): Iterable<readonly [string, unknown]> }).entries();
    for (const [name, value] of pairs) entries.push([String(name), String(value)]);
  } else {
    for (const [name, value] of Object.entries(headers)) entries.push([name, String(value)]);
  }
  return entries;
}

/** Whether `headers` is a shape every `fetch` takes as is: this realm's `Headers`, an array of pairs, a plain record. */
export function isHeadersInit(headers: HeadersLike): headers is HeadersInit {
  return headers instanceof Headers || Array.isArray(headers) || isPlainObject(headers);
}

/** A plain record of header names; an object literal with `forEach`, `entries` or an iterator is a collection. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  const v = value as { forEach?: unknown; entries?: unknown; [Symbol.iterator]?: unknown };
  return (
    typeof v.forEach !== 'function' &&
    typeof v.entries !== 'function' &&
    typeof v[Symbol.iterator] !== 'function'
  );
}

function isAuthorization(name: string | undefined): boolean {
  return name !== undefined && name.length === 13 && name.toLowerCase() === 'authorization';
}
