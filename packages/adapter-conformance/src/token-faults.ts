import {
  isVismaAuthError,
  VismaOAuthError,
  VismaTimeoutError,
  VismaTokenProvider,
  type VismaTokenProviderOptions,
  VismaTokenResponseError,
} from '@visma-auth/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ConformanceServers, startConformanceServers } from './servers.js';
import type { AdapterFactory, AdapterUnderTest } from './types.js';

/**
 * Registers the cases where the token request fails or stalls: the adapter must surface core's
 * typed error unchanged, send nothing to the API, and honour the caller's abort signal.
 */
export function describeTokenFaults(name: string, factory: AdapterFactory): void {
  describe(`${name} surfaces token endpoint faults as core errors`, () => {
    let servers: ConformanceServers;
    const opened: { adapter: AdapterUnderTest; provider: VismaTokenProvider }[] = [];

    /** An adapter over a provider of its own, built with `overrides`. */
    async function adapterWith(overrides: Partial<VismaTokenProviderOptions> = {}) {
      const providerOptions = { ...servers.providerOptions, ...overrides };
      const provider = new VismaTokenProvider(providerOptions);
      const origins = [servers.api.url];
      const adapter = await factory({ provider, providerOptions, origins });
      opened.push({ adapter, provider });
      return adapter;
    }

    const customer = () => ({ url: `${servers.api.url}/v1/customer`, method: 'GET' as const });

    beforeEach(async () => {
      servers = await startConformanceServers();
    });

    afterEach(async () => {
      for (const { adapter, provider } of opened.splice(0)) {
        await adapter.close?.();
        await provider.close();
      }
      await servers.close();
    });

    it('503 twice then OK: succeeds after core retries', async () => {
      const { connect } = servers;
      connect.failNext({ status: 503 }, { status: 503 });
      const res = await (await adapterWith()).send(customer());
      expect(res.status).toBe(200);
      expect(connect.counts.token).toBe(3);
    });

    it('429 with Retry-After: waits as asked, then succeeds', async () => {
      const { connect } = servers;
      connect.failNext({ status: 429, headers: { 'retry-after': '1' } });
      const started = Date.now();
      const res = await (await adapterWith()).send(customer());
      expect(res.status).toBe(200);
      expect(Date.now() - started).toBeGreaterThanOrEqual(900);
      expect(connect.counts.token).toBe(2);
    });

    it('429 past the retries: a retryable core error carrying Retry-After', async () => {
      const { connect, api } = servers;
      connect.failNext({ status: 429, headers: { 'retry-after': '1' } });
      const error = await (await adapterWith({ retry: false })).send(customer()).catch((e) => e);
      expect(isVismaAuthError(error)).toBe(true);
      expect(error).toMatchObject({ httpStatus: 429, retryable: true, retryAfterMs: 1000 });
      expect(api.requests).toHaveLength(0);
    });

    it('hang: VismaTimeoutError, and nothing sent', async () => {
      const { connect, api } = servers;
      connect.failNext({ hang: true });
      const adapter = await adapterWith({ timeoutMs: 200, retry: false });
      const error = await adapter.send(customer()).catch((e) => e);
      expect(error).toBeInstanceOf(VismaTimeoutError);
      expect(api.requests).toHaveLength(0);
    });

    it('malformed token response: VismaTokenResponseError', async () => {
      const { connect, api } = servers;
      connect.failNext({ status: 200, body: '<html>maintenance</html>' });
      const error = await (await adapterWith()).send(customer()).catch((e) => e);
      expect(error).toBeInstanceOf(VismaTokenResponseError);
      expect(error).toMatchObject({ retryable: false });
      expect(api.requests).toHaveLength(0);
    });

    it('invalid_client: VismaOAuthError that never carries the secret', async () => {
      const { api } = servers;
      const adapter = await adapterWith({ clientSecret: 'wrong-secret-value' });
      const error = await adapter.send(customer()).catch((e) => e);
      expect(error).toBeInstanceOf(VismaOAuthError);
      expect(error).toMatchObject({ error: 'invalid_client', retryable: false });
      expect(JSON.stringify(error)).not.toContain('wrong-secret-value');
      expect(String(error.message)).not.toContain('wrong-secret-value');
      expect(api.requests).toHaveLength(0);
    });

    it("honours the caller's abort signal while the token request hangs", async () => {
      const { connect, api } = servers;
      connect.failNext({ hang: true });
      const adapter = await adapterWith();
      const controller = new AbortController();
      const pending = adapter.send({ ...customer(), signal: controller.signal });
      setTimeout(() => controller.abort(new Error('caller gave up')), 50);
      await expect(pending).rejects.toThrow();
      expect(controller.signal.aborted).toBe(true);
      expect(api.requests).toHaveLength(0);
    });
  });
}
