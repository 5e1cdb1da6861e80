import { describe, expect, it } from 'vitest';
import { VismaAuthError, VismaServerError } from '../src/index.js';
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
    const waitS = lifetimeS;
    connect.failNext({ status: 429, headers: { 'retry-after': String(waitS) } });
    clock.set(token.expiresAt - lifetimeS * 100);
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
});
