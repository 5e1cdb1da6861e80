import { describe, expect, it } from 'vitest';
import { WRONG_TENANT_HINT } from './errors.js';
import type { VismaAuthEvent } from './events.js';
import {
  bindRejectionHooks,
  MAX_REJECTION_HOLD_MS,
  REJECTION_WINDOW_MS,
  renewRejectedToken,
} from './rejected-token.js';
import type { VismaTokenSource } from './token-source.js';
import type { AccessToken } from './types.js';

/** A source whose endpoint issues n1, n2, ... and whose cache drops a matching token on invalidate. */
function storm(lifetimeMs = Number.MAX_SAFE_INTEGER) {
  let current: string | undefined;
  let issued = 0;
  let expiresAt = 0;
  const source: VismaTokenSource = {
    async getToken(request) {
      if (current === undefined || request?.forceRefresh) {
        current = `n${++issued}`;
        expiresAt = Math.min(now + lifetimeMs, Number.MAX_SAFE_INTEGER);
      }
      const token: AccessToken = {
        accessToken: current,
        tokenType: 'Bearer',
        expiresAt,
        scopes: [],
      };
      return token;
    },
    async invalidate(request) {
      if (request?.accessToken !== current) return false;
      current = undefined;
      return true;
    },
  };
  let now = 1_000_000;
  const events: VismaAuthEvent[] = [];
  bindRejectionHooks(source, {
    clock: { now: () => now },
    emit: (event) => events.push(event),
    describe: (request) => ({ key: `k:${request?.tenantId ?? ''}`, scopes: [] }),
  });
  /** One API call that always answers 401: the token it sends, and the retry's if any. */
  const call = async (tenantId = 'company-1') => {
    const sent = await source.getToken({ tenantId });
    const fresh = await renewRejectedToken(source, sent.accessToken, { tenantId });
    return fresh?.accessToken;
  };
  return {
    call,
    events,
    issued: () => issued,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('renewRejectedToken under a 401 storm', () => {
  it('stops renewing once a freshly renewed token is rejected too', async () => {
    const s = storm();
    expect(await s.call()).toBe('n2');
    for (let i = 0; i < 1000; i++) expect(await s.call()).toBeUndefined();
    expect(s.issued()).toBe(2);
    expect(s.events).toEqual([
      {
        type: 'rejection_hold',
        key: 'k:company-1',
        scopes: [],
        holdMs: REJECTION_WINDOW_MS,
        holds: 1,
        hint: WRONG_TENANT_HINT,
      },
    ]);
  });

  it('renews once after the hold, and doubles the hold while fresh tokens keep failing', async () => {
    const s = storm();
    await s.call();
    await s.call();
    s.advance(REJECTION_WINDOW_MS);
    expect(await s.call()).toBe('n3');
    expect(await s.call()).toBeUndefined();
    expect(s.events.map((e) => e.type === 'rejection_hold' && e.holdMs)).toEqual([
      REJECTION_WINDOW_MS,
      2 * REJECTION_WINDOW_MS,
    ]);
    for (let i = 0; i < 20; i++) {
      s.advance(MAX_REJECTION_HOLD_MS);
      await s.call();
      await s.call();
    }
    const last = s.events.at(-1);
    expect(last?.type === 'rejection_hold' && last.holdMs).toBe(MAX_REJECTION_HOLD_MS);
  });

  it('keeps renewing a token that was rejected after the window (a revoked old token)', async () => {
    const s = storm();
    expect(await s.call()).toBe('n2');
    s.advance(REJECTION_WINDOW_MS);
    expect(await s.call()).toBe('n3');
    expect(s.events).toEqual([]);
  });

  it('renews a short-lived token rejected in the second half of its life (expiry, not tenant)', async () => {
    const lifetimeMs = 10_000;
    const s = storm(lifetimeMs);
    expect(await s.call()).toBe('n2');
    s.advance(lifetimeMs * 0.75);
    expect(await s.call()).toBe('n3');
    expect(await s.call()).toBeUndefined();
    expect(s.events).toHaveLength(1);
  });

  it('never holds for a token rejected in its last seconds, which may just have expired', async () => {
    const s = storm(2_000);
    for (let i = 0; i < 5; i++) expect(await s.call()).toBeDefined();
    expect(s.events).toEqual([]);
  });

  it('holds per key: another tenant still renews', async () => {
    const s = storm();
    await s.call('company-1');
    await s.call('company-1');
    expect(await s.call('company-2')).toBeDefined();
  });
});

describe('renewRejectedToken through a wrapper that resolves the tenant per call', () => {
  /** A provider-like source issuing `<tenant>-1`, `<tenant>-2`, ... and a wrapper over it. */
  function tenants() {
    const cached = new Map<string, string>();
    let issued = 0;
    const inner: VismaTokenSource = {
      async getToken(request) {
        const tenant = request?.tenantId ?? 'default';
        if (!cached.has(tenant) || request?.forceRefresh)
          cached.set(tenant, `${tenant}-${++issued}`);
        return {
          accessToken: cached.get(tenant) ?? '',
          tokenType: 'Bearer',
          expiresAt: Number.MAX_SAFE_INTEGER,
          scopes: [],
          tenantId: tenant,
        };
      },
      async invalidate(request) {
        const tenant = request?.tenantId ?? 'default';
        if (cached.get(tenant) !== request?.accessToken) return false;
        return cached.delete(tenant);
      },
    };
    const events: VismaAuthEvent[] = [];
    bindRejectionHooks(inner, {
      clock: { now: () => 1_000_000 },
      emit: (event) => events.push(event),
      describe: (request) => ({ key: `k:${request?.tenantId ?? 'default'}`, scopes: [] }),
    });
    /** The tenant of the "current HTTP request", as a wrapper reads it from its context. */
    let current: string | undefined;
    const withTenant = <T extends { tenantId?: string }>(request: T | undefined) =>
      request?.tenantId !== undefined || current === undefined
        ? request
        : ({ ...request, tenantId: current } as T);
    const wrapper: VismaTokenSource = {
      getToken: (request) => inner.getToken(withTenant(request)),
      invalidate: (request) => inner.invalidate(withTenant(request)),
      resolveTokenRequest: (request) => ({ source: inner, request: withTenant(request) }),
    };
    /** One API call for `tenant` that the API answers 401. */
    const call = async (tenant: string) => {
      current = tenant;
      const sent = await wrapper.getToken();
      return (await renewRejectedToken(wrapper, sent.accessToken))?.accessToken;
    };
    return { call, events };
  }

  it('holds only the tenant the API keeps rejecting, and emits the hold through the inner source', async () => {
    const s = tenants();
    expect(await s.call('company-1')).toBe('company-1-2');
    expect(await s.call('company-1')).toBeUndefined();
    expect(await s.call('company-2')).toBe('company-2-4');
    expect(s.events).toEqual([
      expect.objectContaining({ type: 'rejection_hold', key: 'k:company-1', holds: 1 }),
    ]);
  });

  it('refuses a wrapper that never reaches a source', async () => {
    const loop: VismaTokenSource = {
      getToken: () => Promise.reject(new Error('unused')),
      invalidate: async () => false,
      resolveTokenRequest: (request) => ({ source: loop, request }),
    };
    await expect(renewRejectedToken(loop, 'old')).rejects.toMatchObject({
      code: 'ERR_VISMA_CONFIG',
      option: 'provider',
    });
  });
});
