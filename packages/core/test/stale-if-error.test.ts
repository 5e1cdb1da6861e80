import { describe, expect, it } from 'vitest';
import { VismaAuthError } from '../src/index.js';
import { createProvider, manualClock, startConnect } from './helpers.js';

describe('a token inside the expiry skew while Visma Connect fails', () => {
  it('is still handed out until it expires, then the error is', async () => {
    const lifetimeS = 60;
    const connect = await startConnect({ tokenLifetimeSeconds: lifetimeS });
    const clock = manualClock();
    const { provider } = createProvider(connect, { clock, errorCooldownMs: 0 });
    const token = await provider.getToken();
    const attempts = 3;
    const outage = () =>
      connect.failNext(...Array.from({ length: attempts }, () => ({ status: 503 })));

    // Past the point where it is no longer handed out by choice (the skew), still valid.
    clock.set(token.expiresAt - 1_000);
    outage();
    const sent = connect.counts.token;
    expect((await provider.getToken()).accessToken).toBe(token.accessToken);
    expect(connect.counts.token - sent).toBe(attempts);

    // A forced refresh wants a different token: it gets the error.
    outage();
    await expect(provider.getToken({ forceRefresh: true })).rejects.toMatchObject({
      httpStatus: 503,
    });

    clock.set(token.expiresAt);
    outage();
    const error = await provider.getToken().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VismaAuthError);
    expect(error).toMatchObject({ httpStatus: 503, retryable: true });
  });
});
