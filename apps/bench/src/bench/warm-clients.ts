/**
 * Each of our adapters next to the same client sending a static `Authorization` header, for the
 * warm CPU figures: both sides make the same sequential call to the same URL, so the difference
 * in client CPU per call is what the adapter adds.
 */
import type { HttpService } from '@nestjs/axios';
import { withVismaAuth } from '@visma-auth/axios';
import { VismaTokenProvider } from '@visma-auth/core';
import { createVismaFetch } from '@visma-auth/fetch';
import { vismaAuthHooks } from '@visma-auth/got';
import { vismaAuth } from '@visma-auth/undici';
import axios from 'axios';
import got from 'got';
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

export const WARM_ADAPTERS = ['fetch', 'axios', 'undici', 'got', 'nest'] as const;
export type WarmAdapter = (typeof WARM_ADAPTERS)[number];

function provider({ client, tokenUrl }: WarmSetup): VismaTokenProvider {
  return new VismaTokenProvider({
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    scopes: BENCH_SCOPE,
    tokenUrl,
  });
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
      return {
        name: '@visma-auth/nestjs HttpService',
        transport: '@nestjs/axios',
        adapter: async (url) => (await firstValueFrom(http.get(url))).status,
        baseline: async (url) => (await firstValueFrom(plain.get(url))).status,
        close: () => app.close(),
      };
    }
  }
}
