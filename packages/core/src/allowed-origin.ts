import { type OriginAllowlist, originOf, startsWithOrigin } from './origin-allowlist.js';

/** The origin of a URL that may receive the token, else `undefined`. */
export type AllowedOrigin = (url: string) => string | undefined;

/**
 * Returns the origin of a URL when the allowlist lets it receive the token, else `undefined`.
 * The last allowed origin is kept: the allowlist decides by origin alone, and a URL that starts
 * with an origin's serialization followed by `/`, `?`, `#` or nothing has that origin, so a
 * repeat call to it costs a prefix compare instead of the allowlist's lookups and a URL parse.
 *
 * @param isAllowed - The adapter's allowlist, from `createAdapterTarget` or `createOriginAllowlist`.
 * @example
 * ```ts
 * const allowedOrigin = createAllowedOrigin(createAdapterTarget({ baseUrl }).isAllowed);
 * allowedOrigin('https://api.finance.visma.net/v1/customer'); // 'https://api.finance.visma.net'
 * ```
 */
export function createAllowedOrigin(isAllowed: OriginAllowlist): AllowedOrigin {
  let last: string | undefined;
  return (url) => {
    if (last !== undefined && startsWithOrigin(url, last)) return last;
    if (!isAllowed(url)) return undefined;
    // A URL the allowlist passed without parsing and that does not parse gets no token.
    const origin = originOf(url);
    if (origin !== undefined) last = origin;
    return origin;
  };
}
