import { describe, expect, it } from 'vitest';
import { MAX_RETRY_AFTER_MS, VismaAuthError, VismaServerError } from '../src/index.js';
import { createProvider, manualClock, settle, startConnect } from './helpers.js';

const WAIT_S = 120;

describe('Retry-After remembered per token endpoint', () => {
  it.each([429, 503])(
    'sends one token request for sequential calls while a %i asks to wait',
    async (status) => {
      const connect = await startConnect();
      const clock = manualClock();
      const { provider } = createProvider(connect, { clock });
      const calls = 10;
      for (let i = 0; i < calls; i++) {
        connect.failNext({ status, headers: { 'retry-after': String(WAIT_S) } });
      }
      const errors: unknown[] = [];
      for (let i = 0; i < calls; i++) {
        errors.push(await provider.getToken().catch((e: unknown) => e));
        clock.advance(1_000);
      }
      expect(connect.counts.token).toBe(1);
      for (const error of errors) {
        expect(error).toBeInstanceOf(VismaAuthError);
        expect(error).toMatchObject({ httpStatus: status, retryable: true });
      }
      const last = errors.at(-1) as VismaServerError;
      expect(last).toBeInstanceOf(VismaServerError);
      expect(last.retryAfterMs).toBe((WAIT_S - (calls - 1)) * 1_000);
      // Once the delay has passed, the endpoint is asked again.
      connect.reset();
      clock.advance(last.retryAfterMs ?? 0);
      expect((await provider.getToken()).accessToken).toBeTruthy();
      expect(connect.counts.token).toBe(1);
    },
  );

  it('keeps serving the cached token while it is valid, then fails fast without a request', async () => {
    const lifetimeS = 3_600;
    const connect = await startConnect({ tokenLifetimeSeconds: lifetimeS });
    const clock = manualClock();
    const { provider, events } = createProvider(connect, { clock });
    const token = await provider.getToken();
    // Past the refresh point, the background refresh is told to wait longer than the token lives.
    const waitS = MAX_RETRY_AFTER_MS / 1_000;
    connect.failNext({ status: 429, headers: { 'retry-after': String(waitS) } });
    clock.set(token.expiresAt - (waitS - 100) * 1_000);
    expect((await provider.getToken()).accessToken).toBe(token.accessToken);
    await settle(() => events.some((e) => e.type === 'refresh_failure'));
    const sent = connect.counts.token;
    // Well past the refresh back-off: no new request, the valid token is still handed out.
    clock.advance(30_000);
    for (let i = 0; i < 5; i++) {
      expect((await provider.getToken()).accessToken).toBe(token.accessToken);
    }
    expect((await provider.getToken({ forceRefresh: true })).accessToken).toBe(token.accessToken);
    clock.set(token.expiresAt);
    const error = (await provider.getToken().catch((e: unknown) => e)) as VismaServerError;
    expect(error).toBeInstanceOf(VismaServerError);
    expect(error.retryAfterMs).toBeGreaterThan(0);
    expect(error.message).toContain('Retry-After');
    expect(connect.counts.token).toBe(sent);
  });

  it('remembers a year-long Retry-After for MAX_RETRY_AFTER_MS only, forceRefresh included', async () => {
    const connect = await startConnect();
    const clock = manualClock();
    const { provider } = createProvider(connect, { clock });
    connect.failNext({ status: 429, headers: { 'retry-after': '31536000' } });
    const first = (await provider.getToken().catch((e: unknown) => e)) as VismaServerError;
    expect(first.retryAfterMs).toBe(MAX_RETRY_AFTER_MS);
    clock.advance(MAX_RETRY_AFTER_MS - 1);
    const waiting = await provider.getToken({ forceRefresh: true }).catch((e: unknown) => e);
    expect(waiting).toMatchObject({ httpStatus: 429, retryAfterMs: 1 });
    expect(connect.counts.token).toBe(1);
    clock.advance(1);
    expect((await provider.getToken({ forceRefresh: true })).accessToken).toBeTruthy();
    expect(connect.counts.token).toBe(2);
  });

  it('ignores a Retry-After too long to be a number instead of blocking until restart', async () => {
    const connect = await startConnect();
    const clock = manualClock();
    const { provider } = createProvider(connect, { clock, retry: false });
    connect.failNext({ status: 503, headers: { 'retry-after': '9'.repeat(401) } });
    const error = (await provider.getToken().catch((e: unknown) => e)) as VismaServerError;
    expect(error).toMatchObject({ httpStatus: 503, retryable: true });
    expect(error.retryAfterMs).toBeUndefined();
    expect(JSON.stringify(error)).not.toContain('null');
    expect((await provider.getToken()).accessToken).toBeTruthy();
    expect(connect.counts.token).toBe(2);
  });
});
