/**
 * What every framework integration (Express, Fastify, Hono) promises beyond the transport
 * conformance suite, run through a real app of each framework on 127.0.0.1: one token request
 * for a burst, generic 502/503 answers with the whole error in the app's log, 400 for a tenant
 * function that fails, and no token wait left behind when the client goes away.
 */
import type { VismaTokenProviderOptions, VismaTokenSource } from '@visma-auth/core';
import { describe, expect, it } from 'vitest';
import type { ConformanceApp } from './app-adapter.js';
import { abortsWhenClientLeaves, sentCallWhenClientLeaves } from './client-abort.js';
import type { TestServers } from './test-servers.js';
import { useTestServers } from './use-test-servers.js';

/** The options the suite passes: a provider or its options, the base URL, and maybe a tenant function. */
export type IntegrationOptions = Partial<VismaTokenProviderOptions> & {
  provider?: VismaTokenSource;
  baseUrl: string;
  tenant?: () => string;
  abortOnClientClose?: boolean;
};

/** How a package runs the suite through its framework. */
export interface FrameworkIntegrationSetup {
  /** The client the package's tests register (its name must never reach a caller). */
  clientId: string;
  /**
   * Starts the app with the integration and `GET /whoami` relaying the API's `/v1/whoami`; its
   * tenant function, unless `options` has one, reads the conformance tenant header.
   */
  start(options: IntegrationOptions): Promise<ConformanceApp>;
  /** Runs after each case, before the servers close (e.g. closing a per-process provider registry). */
  cleanup?(): Promise<void>;
}

/** Registers the cases every framework integration must pass. */
export function describeFrameworkIntegration(
  name: string,
  { clientId, start, cleanup }: FrameworkIntegrationSetup,
): void {
  describe(`${name} as a framework integration`, () => {
    const t = useTestServers({ clientId }, cleanup);

    it.each([
      ['a provider', (s: TestServers) => ({ provider: s.provider })],
      ['provider options', (s: TestServers) => s.providerOptions],
    ])('serves 50 concurrent requests with one token request (given %s)', async (_, given) => {
      const { api, connect } = t.servers;
      const app = await start({ ...given(t.servers), baseUrl: api.url });
      try {
        const answers = await Promise.all(
          Array.from({ length: 50 }, () => fetch(`${app.url}/whoami`)),
        );
        expect(answers.map((r) => r.status)).toEqual(Array(50).fill(200));
        expect(connect.counts.token).toBe(1);
      } finally {
        await app.close();
      }
    });

    it('answers a wrong client secret with a generic 502 and logs the whole error', async () => {
      const { api, providerOptions } = t.servers;
      const app = await start({
        ...providerOptions,
        clientSecret: 'wrong-secret-value',
        baseUrl: api.url,
      });
      try {
        const res = await fetch(`${app.url}/whoami`);
        const text = await res.text();
        expect(res.status).toBe(502);
        expect(JSON.parse(text)).toEqual({
          error: 'upstream_error',
          message: 'This service could not authenticate to an upstream service.',
        });
        expect(text).not.toMatch(
          new RegExp(`invalid_client|${clientId}|tenant-a|wrong-secret|401`),
        );
        expect(app.errors).toEqual([expect.objectContaining({ error: 'invalid_client' })]);
        expect(api.requests).toHaveLength(0);
      } finally {
        await app.close();
      }
    });

    it('answers 503 with Retry-After when the token endpoint asks to wait', async () => {
      const { api, connect, providerOptions } = t.servers;
      connect.failNext({ status: 429, headers: { 'retry-after': '7' } });
      const app = await start({ ...providerOptions, retry: false, baseUrl: api.url });
      try {
        const res = await fetch(`${app.url}/whoami`);
        expect(res.status).toBe(503);
        expect(res.headers.get('retry-after')).toBe('7');
        expect(await res.json()).toEqual({
          error: 'upstream_unavailable',
          message: expect.any(String),
        });
      } finally {
        await app.close();
      }
    });

    it.each([
      [
        'throws',
        () => {
          throw new Error('no identity');
        },
      ],
      ['returns a number', () => 42],
      ['returns CR/LF', () => 'tenant-a\r\nx-admin: 1'],
    ])(
      'a tenant function that %s: 400 with ERR_VISMA_CONFIG, no token requested',
      async (_, fn) => {
        const { api, connect, provider } = t.servers;
        const app = await start({ provider, baseUrl: api.url, tenant: fn as () => string });
        try {
          const res = await fetch(`${app.url}/whoami`);
          expect(res.status).toBe(400);
          expect(await res.json()).toEqual({
            error: 'invalid_tenant',
            message: expect.any(String),
          });
          expect(app.errors).toEqual([
            expect.objectContaining({ code: 'ERR_VISMA_CONFIG', option: 'tenant' }),
          ]);
          expect(connect.counts.token).toBe(0);
        } finally {
          await app.close();
        }
      },
    );

    it('stops waiting for the token when the client goes away', async () => {
      const { api } = t.servers;
      const aborted = await abortsWhenClientLeaves(t.servers, (provider) =>
        start({ provider, baseUrl: api.url }),
      );
      expect(aborted).toBe(true);
    });

    it('lets a call already sent run to its end when the client goes away, unless abortOnClientClose', async () => {
      const { api, provider } = t.servers;
      // An abort ends the watch at once, so the case that expects one may wait long on a busy
      // machine; the case that expects none watches 1 s, ample for an abort that should not come.
      for (const [abortOnClientClose, expected, watchMs] of [
        [undefined, 'kept', 1_000],
        [true, 'aborted', 5_000],
      ] as const) {
        const app = await start({
          provider,
          baseUrl: api.url,
          ...(abortOnClientClose && { abortOnClientClose }),
        });
        try {
          expect(await sentCallWhenClientLeaves(app, watchMs)).toBe(expected);
        } finally {
          await app.close();
        }
      }
    });
  });
}
