/**
 * The token and discovery requests the providers of this process are sending right now, so a
 * transport hook that sees every request of the process (undici's global dispatcher, with
 * `origins: '*'`) can tell them from API calls whatever their URL (a gateway, a test double), and
 * never asks a provider for the token that very request is fetching.
 */

/** Requests in flight per URL (origin, path and query). */
const inFlight = new Map<string, number>();

/** Sends `send()` while a request to `url` counts as a provider's own; the count ends when it settles. */
export function sendAsProviderRequest<T>(url: string, send: () => Promise<T>): Promise<T> {
  const key = requestKey(url);
  if (key === undefined) return send();
  inFlight.set(key, (inFlight.get(key) ?? 0) + 1);
  const done = () => {
    const left = (inFlight.get(key) ?? 1) - 1;
    if (left === 0) inFlight.delete(key);
    else inFlight.set(key, left);
  };
  let sent: Promise<T>;
  try {
    sent = send();
  } catch (error) {
    done();
    throw error;
  }
  return sent.finally(done);
}

/**
 * Whether a request to `url` is a token or discovery request that a `VismaTokenProvider` of this
 * process is sending right now; a transport hook gives such a request no token.
 *
 * @param url - The request's absolute URL (origin, path and query).
 * @example
 * ```ts
 * if (isProviderRequest(new URL(opts.path, opts.origin))) return dispatch(opts, handler);
 * ```
 */
export function isProviderRequest(url: string | URL): boolean {
  if (inFlight.size === 0) return false;
  const key = requestKey(url);
  return key !== undefined && inFlight.has(key);
}

function requestKey(url: string | URL): string | undefined {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}${parsed.search}`;
  } catch {
    return undefined;
  }
}
