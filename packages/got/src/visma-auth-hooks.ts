import type { TokenRequest, VismaTokenSource } from '@visma-auth/core';
import {
  assertTokenSource,
  createOriginAllowlist,
  originOf,
  parseBaseUrl,
  renewRejectedToken,
} from '@visma-auth/core';
import type { VismaAuthRequestOptions, VismaGotHooks, VismaGotOptions } from './types.js';

/** Where the hooks keep what they sent, in got's per-request `context`. */
const SENT = 'vismaAuthSent';

interface Sent {
  accessToken: string;
  origin: string;
  request: TokenRequest | undefined;
  retried: boolean;
}

/**
 * Returns got hooks that give requests to allowed origins a Visma Connect bearer token and,
 * when that origin answers 401 and the body can be sent again, retry once with a new token.
 *
 * @param provider - A `VismaTokenProvider` from `@visma-auth/core`, or anything with its `getToken` and `invalidate`.
 * @param options - `baseUrl` and/or `allowedOrigins` (one is required), plus defaults for every request.
 * @returns `{ beforeRequest, afterResponse }` for `got.extend({ hooks })`.
 * @throws VismaConfigError when the provider is missing or no origin is allowed.
 * @see https://github.com/sindresorhus/got/blob/main/documentation/9-hooks.md
 * @example
 * ```ts
 * const erp = got.extend({ prefixUrl: baseUrl, hooks: vismaAuthHooks(provider, { baseUrl }) });
 * const customers = await erp.get('v1/customer', { context: { vismaAuth: { tenantId } } }).json();
 * ```
 */
export function vismaAuthHooks(
  provider: VismaTokenSource,
  options: VismaGotOptions = {},
): VismaGotHooks {
  assertTokenSource(provider, 'vismaAuthHooks', 'first');
  const baseUrl =
    options.baseUrl === undefined ? undefined : parseBaseUrl(options.baseUrl, 'baseUrl').href;
  const isAllowed = createOriginAllowlist({ baseUrl, allowedOrigins: options.allowedOrigins });
  const retryOnUnauthorized = options.retryOnUnauthorized ?? true;

  return {
    beforeRequest: [
      async (request) => {
        const url = String(request.url ?? '');
        const auth = request.context.vismaAuth as VismaAuthRequestOptions | false | undefined;
        // got runs this hook for every redirect hop too: each hop is judged by its own origin.
        if (auth === false || !isAllowed(url) || hasAuthorization(request.headers)) return;
        const tenantId = auth?.tenantId ?? options.tenantId;
        const scopes = auth?.scopes ?? options.scopes;
        let tokenRequest: TokenRequest | undefined;
        if (tenantId !== undefined || scopes !== undefined) {
          tokenRequest = {};
          if (tenantId !== undefined) tokenRequest.tenantId = tenantId;
          if (scopes !== undefined) tokenRequest.scopes = scopes;
        }
        const token = await provider.getToken(tokenRequest);
        request.headers.authorization = `Bearer ${token.accessToken}`;
        const sent: Sent = {
          accessToken: token.accessToken,
          origin: originOf(url) ?? '',
          request: tokenRequest,
          retried: false,
        };
        request.context[SENT] = sent;
      },
    ],
    afterResponse: [
      async (response, retryWithMergedOptions) => {
        const { context, body } = response.request.options;
        const sent = context[SENT] as Sent | undefined;
        if (
          response.statusCode !== 401 ||
          !retryOnUnauthorized ||
          sent === undefined ||
          sent.retried ||
          // A 401 from a redirect target says nothing about the token the first origin got.
          originOf(response.url) !== sent.origin ||
          !isReplayableBody(body)
        ) {
          return response;
        }
        const fresh = await renewRejectedToken(provider, sent.accessToken, sent.request);
        // The API rejects freshly issued tokens for this key: the 401 is the answer for now.
        if (fresh === undefined) return response;
        const retried: Sent = { ...sent, accessToken: fresh.accessToken, retried: true };
        return retryWithMergedOptions({
          headers: { authorization: `Bearer ${fresh.accessToken}` },
          context: { [SENT]: retried },
        });
      },
    ],
  };
}

function hasAuthorization(headers: Record<string, unknown>): boolean {
  for (const name of Object.keys(headers)) {
    if (name.length === 13 && name.toLowerCase() === 'authorization') return true;
  }
  return false;
}

/** None, a string or bytes can be sent again; got also rebuilds `json` and `form` bodies. */
function isReplayableBody(body: unknown): boolean {
  return body == null || typeof body === 'string' || ArrayBuffer.isView(body);
}
