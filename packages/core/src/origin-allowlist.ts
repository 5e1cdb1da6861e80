/**
 * Which request URLs may receive the bearer token: the check every transport adapter makes
 * before attaching a token, kept here so fetch, axios and third-party adapters agree on it.
 */
import { VismaConfigError } from './errors.js';
import { isLoopbackHost } from './secure-url.js';

const CLEAR_TEXT =
  'use https:, or http: only for a loopback host such as 127.0.0.1 or localhost; a bearer token must not travel in clear text.';

/** Decides whether a request URL may receive the bearer token. */
export type OriginAllowlist = (url: string) => boolean;

/** Where the allowlist comes from; the `…Option` fields name the options in error messages. */
export interface OriginAllowlistOptions {
  /** The API's base URL; its origin is allowed. */
  baseUrl?: string | URL | undefined;
  /** More origins (`https://host[:port]`) to allow, or `'*'` for every secure origin. */
  allowedOrigins?: readonly string[] | '*' | undefined;
  /** How the adapter spells the base URL option (`baseUrl`, `baseURL`), for error messages; default `baseUrl`. */
  baseUrlOption?: string;
  /** How the adapter spells the origins option (`allowedOrigins`, `origins`), for error messages; default `allowedOrigins`. */
  allowedOriginsOption?: string;
}

/**
 * Builds the origin allowlist from a base URL and/or an explicit list, throwing
 * `VismaConfigError` when neither is given or an entry is not a plain origin; only https and
 * loopback http qualify, so a token never travels in clear text over a network.
 *
 * @throws VismaConfigError naming `allowedOrigins` or the base URL option.
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-5.3 (bearer token threat mitigation)
 * @example
 * ```ts
 * const isAllowed = createOriginAllowlist({ baseUrl: 'https://api.finance.visma.net' });
 * isAllowed('https://api.finance.visma.net/v1/customer'); // true
 * isAllowed('https://evil.example.com/'); // false
 * ```
 */
export function createOriginAllowlist(options: OriginAllowlistOptions): OriginAllowlist {
  const baseUrlOption = options.baseUrlOption ?? 'baseUrl';
  const originsOption = options.allowedOriginsOption ?? 'allowedOrigins';
  const { allowedOrigins } = options;
  if (allowedOrigins === '*') return allowAll;
  const origins = new Set<string>();
  if (options.baseUrl !== undefined)
    origins.add(parseBaseUrl(options.baseUrl, baseUrlOption).origin);
  if (allowedOrigins !== undefined) {
    if (!Array.isArray(allowedOrigins) || allowedOrigins.length === 0) {
      throw new VismaConfigError(
        originsOption,
        "pass a non-empty array of origins such as 'https://api.finance.visma.net', or '*' to send the token to every origin.",
      );
    }
    for (const entry of allowedOrigins) origins.add(parseOrigin(entry, originsOption));
  }
  if (origins.size === 0) {
    throw new VismaConfigError(
      originsOption,
      `set ${baseUrlOption} or ${originsOption} so the access token is only sent to the APIs you mean; use ${originsOption}: '*' to send it everywhere.`,
    );
  }
  const prefixes = [...origins];
  return (url) => {
    // Runs on every request: a URL that starts with an allowed origin's exact serialization,
    // followed by the end or by `/`, `?` or `#`, has that origin (the host ends at the first of
    // those, so there is no userinfo or other port to hide behind), and needs no parsing.
    // Anything else (other casing, default port spelt out, `@`, `\`, spaces) is parsed.
    if (origins.has(url)) return true;
    for (const prefix of prefixes) if (startsWithOrigin(url, prefix)) return true;
    const origin = originOf(url);
    return origin !== undefined && origins.has(origin);
  };
}

/**
 * Whether `url` is `origin`'s exact serialization, alone or followed by `/`, `?` or `#` (where
 * the authority ends), so the URL has that origin without being parsed. Internal to core.
 */
export function startsWithOrigin(url: string, origin: string): boolean {
  if (!url.startsWith(origin)) return false;
  if (url.length === origin.length) return true;
  const next = url.charCodeAt(origin.length);
  return next === 47 || next === 63 || next === 35;
}

/** Returns the serialized origin of an absolute URL, or `undefined` if it cannot be parsed. */
export function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

/** Parses and checks a base URL, naming the option when it is not an absolute http(s) URL. */
export function parseBaseUrl(value: string | URL, option: string): URL {
  let url: URL;
  try {
    url = new URL(String(value));
  } catch {
    throw new VismaConfigError(
      option,
      "use an absolute http(s) URL such as 'https://api.finance.visma.net'.",
    );
  }
  if (!isSecureOrigin(url)) throw new VismaConfigError(option, CLEAR_TEXT);
  return url;
}

function parseOrigin(entry: unknown, option: string): string {
  const hint =
    "entries must be origins such as 'https://api.finance.visma.net' (scheme, host and optional port, nothing else)";
  if (typeof entry !== 'string')
    throw new VismaConfigError(option, `${hint}; got a ${typeof entry}.`);
  let url: URL;
  try {
    url = new URL(entry);
  } catch {
    throw new VismaConfigError(option, `${hint}; an entry is not a URL.`);
  }
  // Never echo an entry that carries credentials: error messages end up in logs.
  if (url.username !== '' || url.password !== '') {
    throw new VismaConfigError(option, `${hint}; an entry contains credentials, remove them.`);
  }
  if (!isSecureOrigin(url)) throw new VismaConfigError(option, CLEAR_TEXT);
  const isOriginOnly = url.pathname === '/' && url.search === '' && url.hash === '';
  if (!isOriginOnly) {
    // Echo only the origin part: a path or query string may carry something secret.
    throw new VismaConfigError(
      option,
      `${hint}; an entry for ${url.protocol}//${url.host} has more than an origin.`,
    );
  }
  return url.origin;
}

/** `'*'`: every https origin, and http only on loopback. */
function allowAll(url: string): boolean {
  if (url.startsWith('https://')) return true;
  try {
    const parsed = new URL(url);
    return isSecureOrigin(parsed);
  } catch {
    return false;
  }
}

function isSecureOrigin(url: URL): boolean {
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && isLoopbackHost(url.hostname);
}
