import {
  VismaConfigError,
  VismaTokenProvider,
  type VismaTokenProviderOptions,
} from '@visma-auth/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ConformanceServers, startConformanceServers } from './servers.js';
import type { AdapterFactory, AdapterUnderTest } from './types.js';

let sharedKeys = 0;

/**
 * Registers the cases for providers made by `VismaTokenProvider.lazy` and `.shared`: the adapter
 * is set up while no credentials are set (as a module is at build time), and works once they are.
 */
export function describeLazyProviders(name: string, factory: AdapterFactory): void {
  for (const kind of ['lazy', 'shared'] as const) {
    describe(`${name} with a VismaTokenProvider.${kind} provider`, () => {
      let servers: ConformanceServers;
      let adapter: AdapterUnderTest;
      let provider: VismaTokenProvider;
      /** Stands in for `process.env`: empty when the adapter is created. */
      let env: Partial<VismaTokenProviderOptions>;

      beforeEach(async () => {
        servers = await startConformanceServers();
        env = {};
        const init = (): VismaTokenProviderOptions => ({
          ...servers.providerOptions,
          clientId: env.clientId ?? '',
          clientSecret: env.clientSecret,
        });
        provider =
          kind === 'lazy'
            ? VismaTokenProvider.lazy(init)
            : VismaTokenProvider.shared(`conformance-${name}-${++sharedKeys}`, init);
        adapter = await factory({
          provider,
          providerOptions: servers.providerOptions,
          origins: [servers.api.url],
        });
      });

      afterEach(async () => {
        await adapter.close?.();
        await provider.close();
        await servers.close();
      });

      it('is set up with no credentials, rejects a call until they are set, then sends tokens', async () => {
        const { api, connect, providerOptions } = servers;
        const url = `${api.url}/v1/customer`;
        const error = await adapter.send({ url, method: 'GET' }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(VismaConfigError);
        expect((error as VismaConfigError).option).toBe('clientId');
        expect(connect.counts.token).toBe(0);
        expect(api.requests).toHaveLength(0);

        env.clientId = providerOptions.clientId;
        env.clientSecret = providerOptions.clientSecret;
        const results = await Promise.all(
          Array.from({ length: 20 }, () => adapter.send({ url, method: 'GET' })),
        );
        expect(results.map((r) => r.status)).toEqual(Array(20).fill(200));
        expect(connect.counts.token).toBe(1);
      });

      it('retries a 401 with a new token through the lazy provider', async () => {
        const { api, connect, providerOptions } = servers;
        env.clientId = providerOptions.clientId;
        env.clientSecret = providerOptions.clientSecret;
        api.rejectNext(1);
        const res = await adapter.send({ url: `${api.url}/v1/customer`, method: 'GET' });
        expect(res.status).toBe(200);
        expect(api.requests.map((r) => r.status)).toEqual([401, 200]);
        expect(connect.counts.issued).toBe(2);
      });
    });
  }
}
