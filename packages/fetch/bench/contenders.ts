/**
 * The clients compared, each set up the way its own README shows. `create` returns a fresh,
 * cold client; `baseline` is the same transport with a static header, for the overhead ratio.
 */
import { OAuth2Client, OAuth2Fetch } from '@badgateway/oauth2-client';
import { VismaTokenProvider } from '@visma-auth/core';
import * as oidc from 'openid-client';
import { Agent, request } from 'undici';
import { createOidcInterceptor } from 'undici-oidc-interceptor';
import { createVismaFetch } from '../src/index.js';
import type { Call } from './harness.js';
import type { ServerInfo } from './server-process.js';

export interface Credentials {
  clientId: string;
  clientSecret: string;
}

export interface Contender {
  name: string;
  create(creds: Credentials): Promise<{ call: Call; close(): Promise<void> | void }>;
  baseline(authorization: string): { call: Call; close(): Promise<void> | void };
}

const SCOPE = 'visma_api:read';

/** Plain global fetch with a fixed Authorization header. */
export function plainFetch(url: string, authorization: string): Call {
  const init = { headers: { authorization } };
  return async () => {
    const res = await fetch(url, init);
    await res.arrayBuffer();
    return res.ok;
  };
}

export function contenders(servers: ServerInfo): Contender[] {
  const url = `${servers.apiUrl}/bench`;
  const fetchBaseline = (authorization: string) => ({
    call: plainFetch(url, authorization),
    close() {},
  });
  return [
    {
      name: '@visma-auth/fetch',
      async create(creds) {
        const provider = new VismaTokenProvider({
          ...creds,
          scopes: SCOPE,
          tokenUrl: servers.tokenUrl,
        });
        const vfetch = createVismaFetch(provider, { baseUrl: servers.apiUrl });
        return {
          call: async () => {
            const res = await vfetch('/bench');
            await res.arrayBuffer();
            return res.ok;
          },
          close: () => provider.close(),
        };
      },
      baseline: fetchBaseline,
    },
    {
      name: '@badgateway/oauth2-client (OAuth2Fetch)',
      async create(creds) {
        const client = new OAuth2Client({
          server: servers.connectUrl,
          tokenEndpoint: servers.tokenUrl,
          authenticationMethod: 'client_secret_post',
          ...creds,
        });
        const wrapper = new OAuth2Fetch({
          client,
          getNewToken: () => client.clientCredentials({ scope: [SCOPE] }),
        });
        return {
          call: async () => {
            const res = await wrapper.fetch(url);
            await res.arrayBuffer();
            return res.ok;
          },
          close() {
            // OAuth2Fetch keeps a refresh timer and has no close(); stop it so the run can end.
            const timer = (wrapper as unknown as { refreshTimer?: NodeJS.Timeout }).refreshTimer;
            if (timer) clearTimeout(timer);
            (
              wrapper as unknown as { options: { scheduleRefresh: boolean } }
            ).options.scheduleRefresh = false;
          },
        };
      },
      baseline: fetchBaseline,
    },
    {
      name: 'undici-oidc-interceptor',
      async create(creds) {
        const dispatcher = new Agent().compose(
          createOidcInterceptor({
            ...creds,
            idpTokenUrl: servers.tokenUrl,
            scope: SCOPE,
            retryOnStatusCodes: [401],
            urls: [new URL(servers.apiUrl).origin],
          }),
        );
        return {
          call: async () => {
            const { statusCode, body } = await request(url, { dispatcher });
            await body.dump();
            return statusCode >= 200 && statusCode < 300;
          },
          close: () => dispatcher.close(),
        };
      },
      baseline(authorization) {
        const dispatcher = new Agent();
        const headers = { authorization };
        return {
          call: async () => {
            const { statusCode, body } = await request(url, { dispatcher, headers });
            await body.dump();
            return statusCode >= 200 && statusCode < 300;
          },
          close: () => dispatcher.close(),
        };
      },
    },
    {
      name: 'openid-client + hand-written cache',
      async create(creds) {
        const config = await oidc.discovery(
          new URL(servers.connectUrl),
          creds.clientId,
          creds.clientSecret,
          undefined,
          { execute: [oidc.allowInsecureRequests] },
        );
        // What a user typically writes: reuse the token until it expires.
        let cached: { header: string; expiresAt: number } | undefined;
        const authorization = async () => {
          if (cached === undefined || Date.now() >= cached.expiresAt) {
            const token = await oidc.clientCredentialsGrant(config, { scope: SCOPE });
            cached = {
              header: `Bearer ${token.access_token}`,
              expiresAt: Date.now() + (token.expires_in ?? 0) * 1000,
            };
          }
          return cached.header;
        };
        return {
          call: async () => {
            const res = await fetch(url, { headers: { authorization: await authorization() } });
            await res.arrayBuffer();
            return res.ok;
          },
          close() {},
        };
      },
      baseline: fetchBaseline,
    },
  ];
}
