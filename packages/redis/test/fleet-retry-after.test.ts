import {
  MAX_RETRY_AFTER_MS,
  type VismaAuthEvent,
  VismaServerError,
  VismaTokenProvider,
} from '@visma-auth/core';
import { DEMO_CLIENT, type MockConnect, startMockConnect } from '@visma-auth/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRedisTokenCache } from '../src/index.js';
import { clientLibraries, type TestClient } from './support/clients.js';
import { type RedisServer, startRedisServer } from './support/redis-server.js';

// A fleet on one Redis and a token endpoint answering 429 with Retry-After: the fleet must send
// nothing inside the window, neither the processes waiting for the lease holder nor newcomers.

let redis: RedisServer;
let connect: MockConnect;
const clients: TestClient[] = [];
const providers: VismaTokenProvider[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  await redis?.stop();
});
beforeEach(async () => {
  await redis.cli('FLUSHALL');
  connect = await startMockConnect();
});
afterEach(async () => {
  for (const provider of providers.splice(0)) await provider.close();
  for (const client of clients.splice(0)) await client.close();
  await connect.close();
});

/** One process of the fleet: its own Redis connection and provider. */
async function member(options: { timeoutMs: number; deadlineMs: number }) {
  const client = await clientLibraries['node-redis'](redis.url);
  clients.push(client);
  const events: VismaAuthEvent[] = [];
  const provider = new VismaTokenProvider({
    clientId: DEMO_CLIENT.clientId,
    clientSecret: DEMO_CLIENT.clientSecret,
    tokenUrl: connect.tokenUrl,
    scopes: 'vismanet_erp_service_api:read',
    retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
    ...options,
    cache: createRedisTokenCache({ client: client.client }),
    onEvent: (event) => events.push(event),
  });
  providers.push(provider);
  return { provider, events };
}

const tokenRequests = () => connect.requests.filter((r) => r.path.startsWith('/connect/token'));

describe('a fleet told to wait by Retry-After', () => {
  it('waits for the lease holder past two leases instead of asking inside the window', async () => {
    // Lease = timeoutMs + 1 s = 1.5 s, so the window (4 s) is longer than two leases.
    const retryAfterS = 4;
    const fleet = await Promise.all(
      Array.from({ length: 3 }, () => member({ timeoutMs: 500, deadlineMs: 15_000 })),
    );
    connect.failNext({ status: 429, headers: { 'retry-after': String(retryAfterS) } });
    const tokens = await Promise.all(fleet.map((m) => m.provider.getToken()));
    expect(new Set(tokens.map((t) => t.accessToken)).size).toBe(1);
    const requests = tokenRequests();
    expect(requests.map((r) => r.status)).toEqual([429, 200]);
    const [first, second] = requests;
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(retryAfterS * 1_000 - 50);
  });

  it('shares the remembered Retry-After through the cache, so a newcomer does not ask either', async () => {
    const retryAfterS = 2;
    // The first process gives up at once: the delay is longer than its deadline.
    const first = await member({ timeoutMs: 500, deadlineMs: 1_000 });
    connect.failNext({ status: 429, headers: { 'retry-after': String(retryAfterS) } });
    const failed = await first.provider.getToken().catch((e: unknown) => e);
    expect(failed).toMatchObject({ httpStatus: 429, retryAfterMs: retryAfterS * 1_000 });
    expect(connect.counts.token).toBe(1);

    const newcomer = await member({ timeoutMs: 500, deadlineMs: 1_000 });
    for (const request of [undefined, { forceRefresh: true }]) {
      const waiting = (await newcomer.provider.getToken(request).catch((e: unknown) => e)) as
        | VismaServerError
        | undefined;
      expect(waiting).toBeInstanceOf(VismaServerError);
      expect(waiting?.message).toContain('no token request is sent');
      expect(waiting?.retryAfterMs).toBeGreaterThan(0);
      expect(waiting?.retryAfterMs).toBeLessThanOrEqual(retryAfterS * 1_000);
    }
    expect(connect.counts.token).toBe(1);
    // Nothing secret in Redis: the shared delay names the endpoint's status, not the client.
    const dump = await redis.cli('--scan');
    expect(dump).not.toContain(DEMO_CLIENT.clientSecret);

    // Once the window has passed, the newcomer asks and gets a token.
    await new Promise((r) => setTimeout(r, retryAfterS * 1_000 + 100));
    expect((await newcomer.provider.getToken()).accessToken).toBeTruthy();
    expect(connect.counts.token).toBe(2);
  });

  it('bounds what it shares by MAX_RETRY_AFTER_MS', async () => {
    const first = await member({ timeoutMs: 500, deadlineMs: 1_000 });
    connect.failNext({ status: 503, headers: { 'retry-after': '31536000' } });
    await first.provider.getToken().catch(() => {});
    const newcomer = await member({ timeoutMs: 500, deadlineMs: 1_000 });
    const waiting = (await newcomer.provider
      .getToken()
      .catch((e: unknown) => e)) as VismaServerError;
    expect(waiting).toMatchObject({ httpStatus: 503 });
    expect(waiting.retryAfterMs).toBeLessThanOrEqual(MAX_RETRY_AFTER_MS);
    expect(connect.counts.token).toBe(1);
  });
});
