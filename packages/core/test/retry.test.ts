import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import {
  VismaNetworkError,
  VismaOAuthError,
  VismaServerError,
  VismaTimeoutError,
  VismaTokenProvider,
} from '../src/index.js';
import { CLIENT, createProvider, onCleanup, SECRET, startConnect } from './helpers.js';

async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}/connect/token`;
}

describe('retries, timeouts and cooldown', () => {
  it('retries 5xx and 429, then succeeds', async () => {
    const connect = await startConnect();
    const { provider, events } = createProvider(connect);
    connect.failNext({ status: 503, body: '<html>busy</html>' }, { status: 429 });
    await provider.getToken();
    expect(connect.counts.token).toBe(3);
    const retries = events.filter((e) => e.type === 'retry');
    expect(retries.map((e) => 'error' in e && e.error.code)).toEqual([
      'ERR_VISMA_SERVER',
      'ERR_VISMA_OAUTH',
    ]);
  });

  it('honours Retry-After', async () => {
    const connect = await startConnect();
    const { provider, events } = createProvider(connect);
    connect.failNext({ status: 429, headers: { 'retry-after': '1' }, body: '' });
    const started = Date.now();
    await provider.getToken();
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(events.find((e) => e.type === 'retry')).toMatchObject({ delayMs: 1000 });
  });

  it('gives up after maxAttempts with the last error', async () => {
    const connect = await startConnect();
    const { provider } = createProvider(connect);
    connect.failNext(
      { status: 500, body: 'x' },
      { status: 502, body: 'x' },
      { status: 503, body: 'x' },
    );
    const error = await provider.getToken().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VismaServerError);
    expect(error).toMatchObject({ httpStatus: 503, retryable: true });
    expect(connect.counts.token).toBe(3);
  });

  it('does not retry OAuth 4xx errors and fails fast on a repeat within the cooldown', async () => {
    const connect = await startConnect();
    const { provider, events } = createProvider(connect);
    const first = await provider.getToken({ scopes: 'not_enabled:scope' }).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(VismaOAuthError);
    expect(first).toMatchObject({ error: 'invalid_scope', httpStatus: 400, retryable: false });
    const again = await provider.getToken({ scopes: 'not_enabled:scope' }).catch((e: unknown) => e);
    expect(again).toBe(first);
    expect(connect.counts.token).toBe(1);
    expect(events.some((e) => e.type === 'cooldown')).toBe(true);
    // Other keys are not affected, and invalidate() clears the cooldown.
    await provider.getToken();
    await provider.invalidate({ scopes: 'not_enabled:scope' });
    await expect(provider.getToken({ scopes: 'not_enabled:scope' })).rejects.toThrow(
      VismaOAuthError,
    );
    expect(connect.counts.token).toBe(3);
  });

  it('times out a hanging attempt and retries it', async () => {
    const connect = await startConnect();
    // Short attempts, and attempts enough that a slow machine timing out a real answer too
    // still ends with a token.
    const { provider } = createProvider(connect, {
      timeoutMs: 150,
      retry: { maxAttempts: 10, baseDelayMs: 1, maxDelayMs: 5 },
    });
    connect.failNext({ hang: true });
    await provider.getToken();
    expect(connect.counts.token).toBeGreaterThanOrEqual(2);
    connect.failNext(...Array.from({ length: 10 }, () => ({ hang: true })));
    const error = await provider.getToken({ forceRefresh: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VismaTimeoutError);
    expect(error).toMatchObject({ code: 'ERR_VISMA_TIMEOUT', retryable: true });
  });

  it('stops at the overall deadline', async () => {
    const connect = await startConnect();
    const { provider } = createProvider(connect, {
      timeoutMs: 1_000,
      deadlineMs: 300,
      retry: { maxAttempts: 10 },
    });
    connect.failNext(...Array.from({ length: 10 }, () => ({ hang: true })));
    const error = await provider.getToken().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VismaTimeoutError);
    expect((error as Error).message).toContain('deadline');
    // The first attempt was cut to the deadline, and none of the other nine was made.
    expect(connect.counts.token).toBeLessThanOrEqual(1);
  });

  it('reports a closed port as a retryable network error', async () => {
    const tokenUrl = await closedPortUrl();
    const provider = new VismaTokenProvider({
      clientId: CLIENT.clientId,
      clientSecret: SECRET,
      scopes: 'visma_api:read',
      tokenUrl,
      retry: { maxAttempts: 2, baseDelayMs: 1 },
    });
    onCleanup(() => provider.close());
    const error = await provider.getToken().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VismaNetworkError);
    expect(error).toMatchObject({ retryable: true, code: 'ERR_VISMA_NETWORK' });
    expect((error as VismaNetworkError).toJSON().cause?.code).toBe('ECONNREFUSED');
  });
});
