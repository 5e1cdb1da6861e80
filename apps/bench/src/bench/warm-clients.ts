/**
 * Each of our adapters next to the same client sending a static `Authorization` header, for the
 * warm CPU figures: both sides make the same sequential call to the same URL, so the difference
 * in client CPU per call is what the adapter adds. A framework integration (express, fastify,
 * hono) is measured over a whole inbound request: two apps of that framework, one with our
 * middleware or plugin whose route calls the upstream URL with `visma.fetch`, the other with
 * the same route calling the global `fetch` with the static header; both are driven alike
 * (Fastify `inject`, Hono `request`, Express over a socket on 127.0.0.1), so the difference is
 * what the integration adds to a request.
 */
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { HttpService } from '@nestjs/axios';
import { withVismaAuth } from '@visma-auth/axios';
import { VismaTokenProvider } from '@visma-auth/core';
import { createVismaFetch } from '@visma-auth/fetch';
import { vismaAuthHooks } from '@visma-auth/got';
import type { VismaVariables } from '@visma-auth/hono';
import { vismaAuth } from '@visma-auth/undici';
import axios from 'axios';
import got from 'got';
import type { Context } from 'hono';
import { firstValueFrom } from 'rxjs';
import { Agent, request } from 'undici';
import { BENCH_SCOPE, type BenchClient } from './setup.js';

/** One sequential call; resolves with the status. */
export type WarmCall = (url: string) => Promise<number>;

export interface WarmPair {
  name: string;
  transport: string;
  adapter: WarmCall;
  /** The same client and call with a static `Authorization` header. */
  baseline: WarmCall;
  /**
   * Framework pairs only: the baseline's app with a no-op middleware of that framework (it sets
   * the request property ours sets), so the report shows what any middleware costs there.
   */
  idiom?: WarmCall;
  close(): Promise<void>;
}

export interface WarmSetup {
  client: BenchClient;
  tokenUrl: string;
  /** The origin the adapter gives the token to (the URL called is under it). */
  origin: string;
  /** `Bearer …` for the baselines. */
  authorization: string;
}

export const WARM_ADAPTERS = [
  'fetch',
  'axios',
  'undici',
  'got',
  'nest',
  'express',
  'fastify',
  'hono',
] as const;
export type WarmAdapter = (typeof WARM_ADAPTERS)[number];

function providerOptions({ client, tokenUrl }: WarmSetup) {
  return {
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    scopes: BENCH_SCOPE,
    tokenUrl,
  };
}

function provider(setup: WarmSetup): VismaTokenProvider {
  return new VismaTokenProvider(providerOptions(setup));
}

const anyStatus = { validateStatus: () => true };

export async function warmPair(name: WarmAdapter, setup: WarmSetup): Promise<WarmPair> {
  switch (name) {
    case 'fetch': {
      const p = provider(setup);
      const vfetch = createVismaFetch(p, { baseUrl: setup.origin });
      const headers = { authorization: setup.authorization };
      return {
        name: '@visma-auth/fetch',
        transport: 'fetch',
        async adapter(url) {
          const res = await vfetch(url);
          await res.arrayBuffer();
          return res.status;
        },
        async baseline(url) {
          const res = await fetch(url, { headers });
          await res.arrayBuffer();
          return res.status;
        },
        close: () => p.close(),
      };
    }
    case 'axios': {
      const p = provider(setup);
      // Both sides on one copy of axios: a bundler or loader may hand the adapter another build
      // of axios (CommonJS or ESM) than the bench's own import, and those differ in CPU per call.
      const api = withVismaAuth(axios.create({ baseURL: setup.origin, ...anyStatus }), p);
      const plain = axios.create({
        baseURL: setup.origin,
        headers: { Authorization: setup.authorization },
        ...anyStatus,
      });
      return {
        name: '@visma-auth/axios',
        transport: 'axios',
        adapter: async (url) => (await api.get(url)).status,
        baseline: async (url) => (await plain.get(url)).status,
        close: () => p.close(),
      };
    }
    case 'undici': {
      const p = provider(setup);
      const agent = new Agent();
      const dispatcher = agent.compose(vismaAuth(p, { origins: [new URL(setup.origin).origin] }));
      const plainAgent = new Agent();
      const headers = { authorization: setup.authorization };
      return {
        name: '@visma-auth/undici',
        transport: 'undici request()',
        async adapter(url) {
          const { statusCode, body } = await request(url, { dispatcher });
          await body.dump();
          return statusCode;
        },
        async baseline(url) {
          const { statusCode, body } = await request(url, { dispatcher: plainAgent, headers });
          await body.dump();
          return statusCode;
        },
        async close() {
          await p.close();
          await Promise.all([agent.close(), plainAgent.close()]);
        },
      };
    }
    case 'got': {
      const p = provider(setup);
      const common = { retry: { limit: 0 }, throwHttpErrors: false } as const;
      const client = got.extend({
        ...common,
        hooks: vismaAuthHooks(p, { baseUrl: setup.origin }),
      });
      const plain = got.extend({ ...common, headers: { authorization: setup.authorization } });
      return {
        name: '@visma-auth/got',
        transport: 'got',
        adapter: async (url) => (await client.get(url)).statusCode,
        baseline: async (url) => (await plain.get(url)).statusCode,
        close: () => p.close(),
      };
    }
    case 'nest': {
      const [{ NestFactory }, nest] = await Promise.all([
        import('@nestjs/core'),
        import('@visma-auth/nestjs'),
      ]);
      const app = await NestFactory.createApplicationContext(
        nest.VismaAuthModule.forRoot({
          clientId: setup.client.clientId,
          clientSecret: setup.client.clientSecret,
          scopes: BENCH_SCOPE,
          tokenUrl: setup.tokenUrl,
          http: { baseURL: setup.origin, ...anyStatus },
        }),
        { logger: ['error', 'warn'] },
      );
      const http = app.get<HttpService>(nest.getVismaHttpServiceToken());
      // The same HttpService class and axios build as the module's, with a static header:
      // `create` copies the instance's defaults (baseURL, validateStatus) but no interceptors.
      const Service = http.constructor as new (instance: HttpService['axiosRef']) => HttpService;
      const plain = new Service(
        http.axiosRef.create({ headers: { Authorization: setup.authorization } }),
      );
      // axios' null-prototype config is a hash table: with HttpService's per-call `cancelToken`,
      // one more key than the adapter's one (`beforeRedirect`, which carries its state) brings it
      // to 21 keys, and the `response` key axios adds for a moment then makes V8 grow the table
      // (32 → 64 entries, ~1.7 KB) on every call. A second key of the adapter's own did that
      // until the state moved onto the guard: this row's added heap read +2,263 B, now +548 B.
      return {
        name: '@visma-auth/nestjs HttpService',
        transport: '@nestjs/axios',
        adapter: async (url) => (await firstValueFrom(http.get(url))).status,
        baseline: async (url) => (await firstValueFrom(plain.get(url))).status,
        close: () => app.close(),
      };
    }
    case 'express':
      return expressPair(setup);
    case 'fastify':
      return fastifyPair(setup);
    case 'hono':
      return honoPair(setup);
  }
}

/**
 * The upstream URL of the call under way: the framework pairs' routes read it, since a route
 * is declared once and the URL comes with each call.
 */
function upstreamUrl() {
  let current = '';
  return {
    set: (url: string) => {
      current = url;
    },
    get: () => current,
  };
}

async function expressPair(setup: WarmSetup): Promise<WarmPair> {
  const [{ default: express }, { vismaAuth: vismaExpress }] = await Promise.all([
    import('express'),
    import('@visma-auth/express'),
  ]);
  const upstream = upstreamUrl();
  const headers = { authorization: setup.authorization };
  const visma = vismaExpress({ ...providerOptions(setup), baseUrl: setup.origin });
  const withVisma = express();
  withVisma.use(visma);
  withVisma.get('/r', async (req, res) => {
    const answer = await req.visma.fetch(upstream.get());
    await answer.arrayBuffer();
    res.status(answer.status).end();
  });
  const staticApp = (middleware: boolean) => {
    const app = express();
    if (middleware) {
      app.use((req, _res, next) => {
        (req as unknown as Record<string, unknown>).visma = headers;
        next();
      });
    }
    app.get('/r', async (_req, res) => {
      const answer = await fetch(upstream.get(), { headers });
      await answer.arrayBuffer();
      res.status(answer.status).end();
    });
    return app;
  };
  const servers = [withVisma, staticApp(false), staticApp(true)].map((app) =>
    app.listen(0, '127.0.0.1'),
  );
  await Promise.all(servers.map((server) => once(server, 'listening')));
  const [adapterUrl, baselineUrl, idiomUrl] = servers.map(
    (server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}/r`,
  ) as [string, string, string];
  const drive = (appUrl: string) => async (url: string) => {
    upstream.set(url);
    const res = await fetch(appUrl);
    await res.arrayBuffer();
    return res.status;
  };
  return {
    name: '@visma-auth/express',
    transport: 'express 5 + fetch',
    adapter: drive(adapterUrl),
    baseline: drive(baselineUrl),
    idiom: drive(idiomUrl),
    async close() {
      await Promise.all(
        servers.map((server) => {
          server.closeAllConnections();
          return new Promise((resolve) => server.close(resolve));
        }),
      );
      await visma.close();
    },
  };
}

async function fastifyPair(setup: WarmSetup): Promise<WarmPair> {
  const [{ default: Fastify }, { vismaAuth: vismaFastify }] = await Promise.all([
    import('fastify'),
    import('@visma-auth/fastify'),
  ]);
  const upstream = upstreamUrl();
  const headers = { authorization: setup.authorization };
  const withVisma = Fastify();
  await withVisma.register(vismaFastify, { ...providerOptions(setup), baseUrl: setup.origin });
  withVisma.get('/r', async (request, reply) => {
    const answer = await request.visma.fetch(upstream.get());
    await answer.arrayBuffer();
    return reply.code(answer.status).send();
  });
  const staticApp = (hook: boolean) => {
    const app = Fastify();
    if (hook) {
      app.decorateRequest('visma', null as never);
      app.addHook('onRequest', (request, _reply, done) => {
        (request as unknown as Record<string, unknown>).visma = headers;
        done();
      });
    }
    app.get('/r', async (_request, reply) => {
      const answer = await fetch(upstream.get(), { headers });
      await answer.arrayBuffer();
      return reply.code(answer.status).send();
    });
    return app;
  };
  const plain = staticApp(false);
  const withHook = staticApp(true);
  await Promise.all([withVisma.ready(), plain.ready(), withHook.ready()]);
  const drive = (app: typeof plain) => async (url: string) => {
    upstream.set(url);
    return (await app.inject({ method: 'GET', url: '/r' })).statusCode;
  };
  return {
    name: '@visma-auth/fastify',
    transport: 'fastify 5 inject + fetch',
    adapter: drive(withVisma),
    baseline: drive(plain),
    idiom: drive(withHook),
    async close() {
      await Promise.all([withVisma.close(), plain.close(), withHook.close()]);
    },
  };
}

async function honoPair(setup: WarmSetup): Promise<WarmPair> {
  const [{ Hono }, { vismaAuth: vismaHono, closeVismaProviders }] = await Promise.all([
    import('hono'),
    import('@visma-auth/hono'),
  ]);
  type Status = Parameters<Context['body']>[1];
  const upstream = upstreamUrl();
  const headers = { authorization: setup.authorization };
  const withVisma = new Hono<{ Variables: VismaVariables }>();
  withVisma.use(vismaHono({ ...providerOptions(setup), baseUrl: setup.origin }));
  withVisma.get('/r', async (c) => {
    const answer = await c.var.visma.fetch(upstream.get());
    await answer.arrayBuffer();
    return c.body(null, answer.status as Status);
  });
  const staticApp = (middleware: boolean) => {
    const app = new Hono<{ Variables: { visma: typeof headers } }>();
    if (middleware) {
      app.use((c, next) => {
        c.set('visma', headers);
        return next();
      });
    }
    app.get('/r', async (c) => {
      const answer = await fetch(upstream.get(), { headers });
      await answer.arrayBuffer();
      return c.body(null, answer.status as Status);
    });
    return app;
  };
  const plain = staticApp(false);
  const withMiddleware = staticApp(true);
  const drive = (app: typeof plain) => async (url: string) => {
    upstream.set(url);
    const res = await app.request('/r');
    await res.arrayBuffer();
    return res.status;
  };
  return {
    name: '@visma-auth/hono',
    transport: 'hono request() + fetch',
    adapter: drive(withVisma as unknown as typeof plain),
    baseline: drive(plain),
    idiom: drive(withMiddleware),
    close: () => closeVismaProviders(),
  };
}
