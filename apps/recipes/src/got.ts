// src/got.ts
import type { VismaTokenSource } from '@visma-auth/core';
import { createOriginAllowlist, renewRejectedToken } from '@visma-auth/core';
import got from 'got';

/** A got instance for the Visma.net ERP API: the token on allowed origins, one retry on 401. */
export function createErpGot(
  provider: VismaTokenSource,
  baseUrl = 'https://api.finance.visma.net',
) {
  const isAllowed = createOriginAllowlist({ baseUrl });
  return got.extend({
    prefixUrl: baseUrl,
    hooks: {
      beforeRequest: [
        async (options) => {
          // A caller's own Authorization header wins; other origins get no token.
          if (options.headers.authorization || !isAllowed(String(options.url))) return;
          const token = await provider.getToken();
          options.headers.authorization = `Bearer ${token.accessToken}`;
          options.context.vismaToken = token.accessToken;
        },
      ],
      afterResponse: [
        async (response, retryWithMergedOptions) => {
          const { context } = response.request.options;
          const sent = context.vismaToken;
          // Retry once: the retried request carries vismaRetried, so a second 401 is returned.
          if (response.statusCode !== 401 || typeof sent !== 'string' || context.vismaRetried) {
            return response;
          }
          const fresh = await renewRejectedToken(provider, sent);
          return retryWithMergedOptions({
            headers: { authorization: `Bearer ${fresh.accessToken}` },
            context: { vismaRetried: true, vismaToken: fresh.accessToken },
          });
        },
      ],
    },
  });
}

// const customers = await createErpGot(provider).get('v1/customer').json();
