import { type OriginAllowlist, originOf } from '@visma-auth/core';

/**
 * Returns the origin of a URL when the allowlist lets it receive the token, else `undefined`.
 * The last allowed origin is kept: the allowlist decides by origin alone, and a URL that starts
 * with an origin's serialization followed by `/`, `?`, `#` or nothing has that origin, so a
 * repeat call to it costs a prefix compare instead of the allowlist's lookups and a URL parse.
 *
 * @param isAllowed - The adapter's allowlist, from `createAdapterTarget`.
 * @example
 * ```ts
 * const allowedOrigin = createAllowedOrigin(createAdapterTarget({ baseUrl }).isAllowed);
 * allowedOrigin('https://api.finance.visma.net/v1/customer'); // 'https://api.finance.visma.net'
 * ```
 */
export function createAllowedOrigin(
  isAllowed: OriginAllowlist,
): (url: string) => string | undefined {
  let last: string | undefined;
  return (url) => {
    if (last !== undefined && url.startsWith(last)) {
      if (url.length === last.length || isPathStart(url.charCodeAt(last.length))) return last;
    }
    if (!isAllowed(url)) return undefined;
    // A URL the allowlist passed without parsing and that does not parse gets no token.
    const origin = originOf(url);
    if (origin !== undefined) last = origin;
    return origin;
  };
}

/** `/`, `?` or `#`: what may follow the origin in a URL whose authority has ended. */
function isPathStart(code: number): boolean {
  return code === 47 || code === 63 || code === 35;
}
