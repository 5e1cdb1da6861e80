import { type MockClient, type MockConnect, startMockConnect } from '@visma-auth/testing';
import { afterEach } from 'vitest';
import {
  type VismaAuthEvent,
  VismaTokenProvider,
  type VismaTokenProviderOptions,
} from '../src/index.js';

export const SECRET = 'sup3r-s3cret-value-123';
export const TENANT_A = 'tenant-a-0001';
export const TENANT_B = 'tenant-b-0002';

export const CLIENT: MockClient = {
  clientId: 'svc-app',
  clientSecret: SECRET,
  allowedScopes: ['visma_api:read', 'visma_api:write', 'vismanet_erp_service_api:read'],
  tenants: [TENANT_A, TENANT_B],
};

const cleanups: Array<() => Promise<unknown>> = [];

afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

/** Registers a cleanup that runs after the current test. */
export function onCleanup(fn: () => Promise<unknown>): void {
  cleanups.push(fn);
}

/** Starts a mock Visma Connect on 127.0.0.1:0 that is closed after the test. */
export async function startConnect(
  options: Parameters<typeof startMockConnect>[0] = {},
): Promise<MockConnect> {
  const connect = await startMockConnect({ clients: [CLIENT], ...options });
  onCleanup(() => connect.close());
  return connect;
}

/** A clock tests move by hand. */
export function manualClock(start = Date.UTC(2025, 0, 1)) {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
    set(ms: number) {
      now = ms;
    },
  };
}

/** Creates a provider against `connect` (closed after the test), collecting its events. */
export function createProvider(
  connect: MockConnect,
  options: Partial<VismaTokenProviderOptions> = {},
): { provider: VismaTokenProvider; events: VismaAuthEvent[] } {
  const events: VismaAuthEvent[] = [];
  const provider = new VismaTokenProvider({
    clientId: CLIENT.clientId,
    clientSecret: SECRET,
    scopes: ['visma_api:read'],
    tokenUrl: connect.tokenUrl,
    refreshAheadJitter: 0,
    retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
    onEvent: (e) => events.push(e),
    ...options,
  });
  onCleanup(() => provider.close());
  return { provider, events };
}

/** Lets pending background work (a refresh over loopback HTTP) settle; returns once it has. */
export async function settle(predicate: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}
