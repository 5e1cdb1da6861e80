import { describe, expect, it } from 'vitest';
import { createProvider, manualClock, settle, startConnect } from './helpers.js';

const HOUR = 3_600_000;

describe('expiry and refresh-ahead (injected clock, no sleeps)', () => {
  it('takes expiry from expires_in and the clock at receipt, not from the JWT', async () => {
    const connect = await startConnect();
    // The server's clock is a day off: JWT exp is irrelevant to the cache.
    connect.setClockOffset(-86_400_000);
    const clock = manualClock();
    const { provider } = createProvider(connect, { clock });
    const token = await provider.getToken();
    expect(token.expiresAt).toBe(clock.now() + HOUR);
    expect((await provider.getToken()).accessToken).toBe(token.accessToken);
    expect(connect.counts.token).toBe(1);
  });

  it('does not hand out a token within expirySkewSeconds of expiry', async () => {
    const connect = await startConnect();
    const clock = manualClock();
    const { provider } = createProvider(connect, { clock, refreshAhead: 1 });
    const first = await provider.getToken();
    clock.set(first.expiresAt - 60_001);
    expect((await provider.getToken()).accessToken).toBe(first.accessToken);
    expect(connect.counts.token).toBe(1);
    clock.set(first.expiresAt - 60_000);
    const second = await provider.getToken();
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(connect.counts.token).toBe(2);
  });

  it('refreshes ahead in the background and returns the current token at once', async () => {
    const connect = await startConnect();
    const clock = manualClock();
    const { provider, events } = createProvider(connect, { clock });
    const first = await provider.getToken();
    clock.advance(0.8 * HOUR);
    const during = await Promise.all(Array.from({ length: 50 }, () => provider.getToken()));
    expect(during.every((t) => t.accessToken === first.accessToken)).toBe(true);
    await settle(() => connect.counts.issued === 2);
    await settle(() => events.some((e) => e.type === 'fetch_success' && e.background));
    const next = await provider.getToken();
    expect(next.accessToken).not.toBe(first.accessToken);
    expect(next.expiresAt).toBe(clock.now() + HOUR);
    expect(connect.counts.token).toBe(2);
    expect(events.filter((e) => e.type === 'refresh_ahead')).toHaveLength(1);
  });

  it('keeps serving the current token when the refresh fails (stale-while-revalidate)', async () => {
    const connect = await startConnect();
    const clock = manualClock();
    const { provider, events } = createProvider(connect, { clock, retry: false });
    const first = await provider.getToken();
    clock.advance(0.85 * HOUR);
    connect.failNext({ status: 503 });
    expect((await provider.getToken()).accessToken).toBe(first.accessToken);
    await settle(() => events.some((e) => e.type === 'refresh_failure'));
    // Still valid: served without a new request until the refresh backoff passes.
    expect((await provider.getToken()).accessToken).toBe(first.accessToken);
    expect(connect.counts.token).toBe(2);
    clock.advance(10_000);
    expect((await provider.getToken()).accessToken).toBe(first.accessToken);
    await settle(() => connect.counts.issued === 2);
    await settle(() => events.filter((e) => e.type === 'fetch_success').length === 2);
    expect((await provider.getToken()).accessToken).not.toBe(first.accessToken);
    const failure = events.find((e) => e.type === 'refresh_failure');
    expect(failure && 'error' in failure && failure.error.code).toBe('ERR_VISMA_OAUTH');
  });

  it('fetches in the foreground once the token is really past its usable time', async () => {
    const connect = await startConnect();
    const clock = manualClock();
    const { provider } = createProvider(connect, { clock });
    const first = await provider.getToken();
    clock.advance(2 * HOUR);
    const second = await provider.getToken();
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(connect.counts.token).toBe(2);
  });

  it('spreads refresh times with jitter', async () => {
    const connect = await startConnect();
    const { provider } = createProvider(connect, { refreshAheadJitter: 0.05 });
    const shares = new Set<number>();
    for (let i = 0; i < 5; i++) {
      const t = (await provider.getToken({ forceRefresh: true })) as {
        refreshAt?: number;
        receivedAt?: number;
        expiresAt: number;
      };
      const share =
        ((t.refreshAt ?? 0) - (t.receivedAt ?? 0)) / (t.expiresAt - (t.receivedAt ?? 0));
      expect(share).toBeGreaterThanOrEqual(0.75);
      expect(share).toBeLessThanOrEqual(0.85);
      shares.add(share);
    }
    expect(shares.size).toBeGreaterThan(1);
  });
});
