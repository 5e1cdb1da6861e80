/**
 * The axios clients compared, each set up the way its own README shows. `create` returns a
 * fresh, cold client; `baseline` is axios with a static header, for the overhead ratio.
 */
import { VismaTokenProvider } from '@visma-auth/core';
import axios from 'axios';
import { clientCredentials } from 'axios-oauth-client';
import { withVismaAuth } from '../src/index.js';
import type { Call } from './harness.js';
import type { ServerInfo } from './server-process.js';

export interface Credentials {
  clientId: string;
  clientSecret: string;
}

export interface Contender {
  name: string;
  create(creds: Credentials): Promise<{ call: Call; close(): Promise<void> | void }>;
}

const SCOPE = 'visma_api:read';
const ok = (status: number) => status >= 200 && status < 300;

/** Plain axios with a fixed Authorization header. */
export function plainAxios(servers: ServerInfo, authorization: string): Call {
  const api = axios.create({ baseURL: servers.apiUrl, headers: { Authorization: authorization } });
  return async () => ok((await api.get('/bench')).status);
}

export function contenders(servers: ServerInfo): Contender[] {
  return [
    {
      name: '@visma-auth/axios',
      async create(creds) {
        const provider = new VismaTokenProvider({
          ...creds,
          scopes: SCOPE,
          tokenUrl: servers.tokenUrl,
        });
        const api = withVismaAuth(axios.create({ baseURL: servers.apiUrl }), provider);
        return {
          call: async () => ok((await api.get('/bench')).status),
          close: () => provider.close(),
        };
      },
    },
    {
      name: 'axios-oauth-client + hand-written cache',
      async create(creds) {
        const getClientCredentials = clientCredentials(
          axios.create(),
          servers.tokenUrl,
          creds.clientId,
          creds.clientSecret,
        );
        // The README stops at getting a token; a user adds a cache and an interceptor like this.
        let cached: { header: string; expiresAt: number } | undefined;
        const api = axios.create({ baseURL: servers.apiUrl });
        api.interceptors.request.use(async (config) => {
          if (cached === undefined || Date.now() >= cached.expiresAt) {
            const auth = (await getClientCredentials(SCOPE)) as {
              access_token: string;
              expires_in?: number;
            };
            cached = {
              header: `Bearer ${auth.access_token}`,
              expiresAt: Date.now() + (auth.expires_in ?? 0) * 1000,
            };
          }
          config.headers.set('Authorization', cached.header);
          return config;
        });
        return {
          call: async () => ok((await api.get('/bench')).status),
          close() {},
        };
      },
    },
  ];
}
