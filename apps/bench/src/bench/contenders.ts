/**
 * The clients compared, each set up the way its own README shows, behind one `call(url)` that
 * resolves with the HTTP status or rejects with the client's error. Baselines send a static
 * header over the same transport.
 */
import { OAuth2Client, OAuth2Fetch } from '@badgateway/oauth2-client';
import { withVismaAuth } from '@visma-auth/axios';
import { VismaTokenProvider } from '@visma-auth/core';
import { createVismaFetch } from '@visma-auth/fetch';
import axios from 'axios';
import { clientCredentials } from 'axios-oauth-client';
import * as oidc from 'openid-client';
import { ClientCredentials } from 'simple-oauth2';
import { Agent, request } from 'undici';
import { createOidcInterceptor } from 'undici-oidc-interceptor';
import { BENCH_SCOPE, type BenchClient, type ServerUrls } from './setup.js';
import { undiciContender } from './undici-contender.js';

export type Transport = 'fetch' | 'undici' | 'axios';

export interface Client {
  /** One request; resolves with the status, rejects when no request could be sent. */
  call(url: string): Promise<number>;
  close(): Promise<void> | void;
}

export interface ClientSetup {
  client: BenchClient;
  servers: ServerUrls;
  /** The origin that should receive the token. */
  origin: string;
  /** Our providers only: per-attempt timeout, where a scenario needs a shorter one. */
  timeoutMs?: number;
}

export interface Contender {
  name: string;
  ours: boolean;
  transport: Transport;
  /** One line on how it is set up, for the report. */
  setup: string;
  create(setup: ClientSetup): Promise<Client>;
}

const anyStatus = { validateStatus: () => true };

/** fetch with a Bearer header from an async source (the hand-written integrations). */
function fetchWith(authorization: () => Promise<string>): Client['call'] {
  return async (url) => {
    const res = await fetch(url, { headers: { authorization: await authorization() } });
    await res.arrayBuffer();
    return res.status;
  };
}

export function baseline(transport: Transport, authorization: string): Client {
  if (transport === 'undici') {
    const dispatcher = new Agent();
    const headers = { authorization };
    return {
      async call(url) {
        const { statusCode, body } = await request(url, { dispatcher, headers });
        await body.dump();
        return statusCode;
      },
      close: () => dispatcher.close(),
    };
  }
  if (transport === 'axios') {
    const api = axios.create({ headers: { Authorization: authorization }, ...anyStatus });
    return { call: async (url) => (await api.get(url)).status, close() {} };
  }
  return { call: fetchWith(async () => authorization), close() {} };
}

/** Our provider as both of our contenders use it: defaults, plus a per-scenario timeout. */
function ourProvider(
  client: { clientId: string; clientSecret: string },
  tokenUrl: string,
  timeoutMs: number | undefined,
): VismaTokenProvider {
  return new VismaTokenProvider({
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    scopes: BENCH_SCOPE,
    tokenUrl,
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
  });
}

export const contenders: Contender[] = [
  {
    name: '@visma-auth/fetch',
    ours: true,
    transport: 'fetch',
    setup: '`createVismaFetch(new VismaTokenProvider(...), { baseUrl })`, defaults',
    async create({ client, servers, origin, timeoutMs }) {
      const provider = ourProvider(client, servers.tokenUrl, timeoutMs);
      const vfetch = createVismaFetch(provider, { baseUrl: origin });
      return {
        async call(url) {
          const res = await vfetch(url);
          await res.arrayBuffer();
          return res.status;
        },
        close: () => provider.close(),
      };
    },
  },
  {
    name: '@visma-auth/axios',
    ours: true,
    transport: 'axios',
    setup: '`withVismaAuth(axios.create({ baseURL }), new VismaTokenProvider(...))`, defaults',
    async create({ client, servers, origin, timeoutMs }) {
      const provider = ourProvider(client, servers.tokenUrl, timeoutMs);
      // On the bench's own axios, as the baseline and axios-oauth-client are: the package's
      // createVismaAxios may load another build of axios here (CommonJS under tsx).
      const api = withVismaAuth(axios.create({ baseURL: origin, ...anyStatus }), provider);
      return { call: async (url) => (await api.get(url)).status, close: () => provider.close() };
    },
  },
  undiciContender,
  {
    name: '@badgateway/oauth2-client',
    ours: false,
    transport: 'fetch',
    setup: '`OAuth2Fetch` with `getNewToken: () => client.clientCredentials()`',
    async create({ client, servers }) {
      const oauth = new OAuth2Client({
        server: servers.connectUrl,
        tokenEndpoint: servers.tokenUrl,
        clientId: client.clientId,
        clientSecret: client.clientSecret,
        authenticationMethod: 'client_secret_post',
      });
      const wrapper = new OAuth2Fetch({
        client: oauth,
        getNewToken: () => oauth.clientCredentials({ scope: [BENCH_SCOPE] }),
      });
      return {
        async call(url) {
          const res = await wrapper.fetch(url);
          await res.arrayBuffer();
          return res.status;
        },
        close() {
          // OAuth2Fetch may keep a refresh timer and has no close(); stop it so the run can end.
          const timer = (wrapper as unknown as { refreshTimer?: NodeJS.Timeout }).refreshTimer;
          if (timer) clearTimeout(timer);
        },
      };
    },
  },
  {
    name: 'undici-oidc-interceptor',
    ours: false,
    transport: 'undici',
    setup: '`new Agent().compose(createOidcInterceptor({ idpTokenUrl, urls: [origin] }))`',
    async create({ client, servers, origin }) {
      const dispatcher = new Agent().compose(
        createOidcInterceptor({
          clientId: client.clientId,
          clientSecret: client.clientSecret,
          idpTokenUrl: servers.tokenUrl,
          scope: BENCH_SCOPE,
          urls: [new URL(origin).origin],
        }),
      );
      return {
        async call(url) {
          const { statusCode, body } = await request(url, { dispatcher });
          await body.dump();
          return statusCode;
        },
        close: () => dispatcher.close(),
      };
    },
  },
  {
    name: 'openid-client + cache',
    ours: false,
    transport: 'fetch',
    setup:
      '`discovery()` + `clientCredentialsGrant()`, token reused until `expires_in` (hand-written)',
    async create({ client, servers }) {
      const config = await oidc.discovery(
        new URL(servers.connectUrl),
        client.clientId,
        client.clientSecret,
        undefined,
        { execute: [oidc.allowInsecureRequests] },
      );
      let cached: { header: string; expiresAt: number } | undefined;
      return {
        call: fetchWith(async () => {
          if (cached === undefined || Date.now() >= cached.expiresAt) {
            const token = await oidc.clientCredentialsGrant(config, { scope: BENCH_SCOPE });
            cached = {
              header: `Bearer ${token.access_token}`,
              expiresAt: Date.now() + (token.expires_in ?? 0) * 1000,
            };
          }
          return cached.header;
        }),
        close() {},
      };
    },
  },
  {
    name: 'simple-oauth2 + cache',
    ours: false,
    transport: 'fetch',
    setup: '`new ClientCredentials(config).getToken()`, new token when `accessToken.expired()`',
    async create({ client, servers }) {
      const oauth = new ClientCredentials({
        client: { id: client.clientId, secret: client.clientSecret },
        auth: { tokenHost: servers.connectUrl, tokenPath: '/connect/token' },
      });
      let token: Awaited<ReturnType<ClientCredentials['getToken']>> | undefined;
      return {
        call: fetchWith(async () => {
          if (token === undefined || token.expired()) {
            token = await oauth.getToken({ scope: BENCH_SCOPE });
          }
          return `Bearer ${String(token.token.access_token)}`;
        }),
        close() {},
      };
    },
  },
  {
    name: 'axios-oauth-client + cache',
    ours: false,
    transport: 'axios',
    setup:
      '`clientCredentials(axios.create(), url, id, secret)` in a request interceptor, token reused until `expires_in` (hand-written)',
    async create({ client, servers }) {
      const getClientCredentials = clientCredentials(
        axios.create(),
        servers.tokenUrl,
        client.clientId,
        client.clientSecret,
      );
      let cached: { header: string; expiresAt: number } | undefined;
      const api = axios.create(anyStatus);
      api.interceptors.request.use(async (config) => {
        if (cached === undefined || Date.now() >= cached.expiresAt) {
          const auth = (await getClientCredentials(BENCH_SCOPE)) as {
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
      return { call: async (url) => (await api.get(url)).status, close() {} };
    },
  },
];
