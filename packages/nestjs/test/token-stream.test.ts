import 'reflect-metadata';
import { Test, type TestingModule } from '@nestjs/testing';
import type { AccessToken } from '@visma-auth/core';
import { afterEach, describe, expect, it } from 'vitest';
import { VismaAuthModule, type VismaAuthModuleOptions, VismaTokenService } from '../src/index.js';
import { demoOptions, ManualClock, type Servers, startServers, until } from './helpers.js';

describe('VismaTokenService.token$', () => {
  let servers: Servers | undefined;
  let moduleRef: TestingModule | undefined;
  afterEach(async () => {
    await moduleRef?.close();
    moduleRef = undefined;
    await servers?.[Symbol.asyncDispose]();
  });

  async function boot(
    connect: { tokenLifetimeSeconds?: number } = {},
    overrides: Partial<VismaAuthModuleOptions> = {},
  ): Promise<VismaTokenService> {
    servers = await startServers(connect);
    moduleRef = await Test.createTestingModule({
      imports: [VismaAuthModule.forRoot(demoOptions(servers, overrides))],
    }).compile();
    return moduleRef.get(VismaTokenService);
  }

  it('is cold: nothing is fetched until someone subscribes', async () => {
    const visma = await boot();
    const stream = visma.token$();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(servers?.connect.counts.token).toBe(0);
    const seen: AccessToken[] = [];
    const sub = stream.subscribe((t) => seen.push(t));
    await until(() => seen.length === 1);
    expect(servers?.connect.counts.issued).toBe(1);
    sub.unsubscribe();
  });

  it('emits the current token, then each refreshed one (injectable clock, no sleeps)', async () => {
    const clock = new ManualClock();
    // 60 s tokens: refresh-ahead at 48 s, no longer handed out from 54 s (10 % skew).
    const visma = await boot({ tokenLifetimeSeconds: 60 }, { clock, refreshAheadJitter: 0 });
    const seen: AccessToken[] = [];
    const sub = visma.token$().subscribe((t) => seen.push(t));
    await until(() => seen.length === 1);
    // Visma Connect's clock moves with ours, so the JWT `exp` claims it signs agree with `expires_in`.
    const advance = (ms: number) => {
      clock.advance(ms);
      servers?.connect.setClockOffset(clock.now() - Date.now());
    };

    // Within the refresh-ahead window a call is served the current token and refreshes behind it.
    advance(50_000);
    const served = await visma.getToken();
    expect(served.accessToken).toBe(seen[0]?.accessToken);
    await until(() => seen.length === 2);
    expect(seen[1]?.accessToken).not.toBe(seen[0]?.accessToken);
    // Its life starts at the refresh: 60 s from now, less the part of a second that `exp` drops.
    expect(seen[1]?.expiresAt).toBeLessThanOrEqual(clock.now() + 60_000);
    expect(seen[1]?.expiresAt).toBeGreaterThan(clock.now() + 55_000);

    // Past the usable life a call fetches in the foreground; the stream sees that one too.
    advance(58_000);
    const fresh = await visma.getToken();
    await until(() => seen.length === 3);
    expect(seen[2]?.accessToken).toBe(fresh.accessToken);

    // An invalidate plus the next fetch (what the 401 retry does) shows up as well.
    await visma.invalidate();
    await visma.getToken();
    await until(() => seen.length === 4);
    expect(servers?.connect.counts.issued).toBe(4);
    // The stream itself never fetched a token of its own: every emission came from a real refresh.
    expect(new Set(seen.map((t) => t.accessToken)).size).toBe(4);

    // After unsubscribing, later refreshes are no longer delivered.
    sub.unsubscribe();
    await visma.getToken({ forceRefresh: true });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(seen).toHaveLength(4);
  });

  it('unsubscribing while the token request hangs stops the stream without an error', async () => {
    const visma = await boot();
    servers?.connect.failNext({ hang: true });
    const events: string[] = [];
    const sub = visma.token$().subscribe({
      next: () => events.push('next'),
      error: () => events.push('error'),
      complete: () => events.push('complete'),
    });
    await until(() => (servers?.connect.counts.token ?? 0) === 1);
    sub.unsubscribe();
    // The hanging fetch ends when the app closes; the unsubscribed stream hears nothing of it.
    await moduleRef?.close();
    moduleRef = undefined;
    expect(events).toEqual([]);
  });

  it("streams tokens while the app's onEvent gets only its onEventTypes", async () => {
    const events: string[] = [];
    const visma = await boot(
      {},
      { onEvent: (event) => events.push(event.type), onEventTypes: ['fetch_start'] },
    );
    const seen: AccessToken[] = [];
    const sub = visma.token$().subscribe((t) => seen.push(t));
    await until(() => seen.length === 1);
    await visma.getToken();
    sub.unsubscribe();
    expect(events).toEqual(['fetch_start']);
  });

  it('ignores refreshes of other tenants or scopes', async () => {
    const visma = await boot();
    const seen: AccessToken[] = [];
    const sub = visma.token$().subscribe((t) => seen.push(t));
    await until(() => seen.length === 1);
    await visma.getToken({ scopes: 'visma_api:read' });
    await visma.getToken({ tenantId: undefined, forceRefresh: true, scopes: 'visma_api:read' });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(seen).toHaveLength(1);
    sub.unsubscribe();
  });

  it('refreshes by itself while subscribed, so an idle app still gets new tokens', async () => {
    // Two-second tokens on the real clock: refresh-ahead is due after 1.6 s.
    const visma = await boot({ tokenLifetimeSeconds: 2 }, { refreshAheadJitter: 0 });
    const seen: AccessToken[] = [];
    const sub = visma.token$().subscribe((t) => seen.push(t));
    await until(() => seen.length === 2, 15_000);
    expect(seen[1]?.expiresAt).toBeGreaterThan(seen[0]?.expiresAt ?? Number.POSITIVE_INFINITY);
    sub.unsubscribe();
  });

  it('errors when no token can be had, and completes when the module is destroyed', async () => {
    const visma = await boot();
    servers?.connect.failNext({ status: 400, body: { error: 'invalid_client' } });
    const failure = await new Promise<unknown>((resolve) => {
      visma.token$().subscribe({ error: resolve });
    });
    expect(failure).toMatchObject({ code: 'ERR_VISMA_OAUTH', error: 'invalid_client' });

    const completed = new Promise<string>((resolve) => {
      visma.token$({ tenantId: undefined, scopes: 'visma_api:read' }).subscribe({
        complete: () => resolve('complete'),
      });
    });
    await moduleRef?.close();
    moduleRef = undefined;
    await expect(completed).resolves.toBe('complete');
    // A stream subscribed after shutdown completes at once instead of hanging.
    await expect(
      new Promise((resolve) => visma.token$().subscribe({ complete: () => resolve('done') })),
    ).resolves.toBe('done');
  });
});
