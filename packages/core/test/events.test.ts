import { describe, expect, it } from 'vitest';
import { type VismaAuthMeter, VismaConfigError } from '../src/index.js';
import { createProvider, manualClock, settle, startConnect } from './helpers.js';

describe('observability', () => {
  it('reports hit, miss, fetch, refresh-ahead, retry and invalidation events', async () => {
    const connect = await startConnect();
    const clock = manualClock();
    const { provider, events } = createProvider(connect, { clock });
    connect.failNext({ status: 503, body: '' });
    const token = await provider.getToken();
    await provider.getToken();
    clock.advance(0.8 * 3_600_000);
    await provider.getToken();
    await settle(() => events.filter((e) => e.type === 'fetch_success').length === 2);
    expect(await provider.invalidate({ accessToken: token.accessToken })).toBe(false);
    expect(await provider.invalidate()).toBe(true);
    const types = events.map((e) => e.type);
    expect(types).toEqual([
      'cache_miss',
      'fetch_start',
      'retry',
      'fetch_success',
      'cache_hit',
      'refresh_ahead',
      'cache_hit',
      'fetch_start',
      'fetch_success',
      'invalidate',
      'invalidate',
    ]);
    const success = events.find((e) => e.type === 'fetch_success');
    expect(success).toMatchObject({ attempts: 2, background: false, scopes: ['visma_api:read'] });
    expect(success && 'durationMs' in success && success.durationMs).toBeGreaterThan(0);
  });

  it('passes onEvent only the onEventTypes asked for, while metrics still count every lookup', async () => {
    const connect = await startConnect();
    const lookups: unknown[] = [];
    const meter: VismaAuthMeter = {
      createCounter: (name) => ({
        add: (_v, a) => void (name === 'visma_auth.cache.lookups' && lookups.push(a)),
      }),
      createHistogram: () => ({ record: () => {} }),
    };
    const { provider, events } = createProvider(connect, {
      meter,
      onEventTypes: ['fetch_success', 'invalidate'],
    });
    await provider.getToken();
    await provider.getToken();
    expect(provider.peekToken()).toBeDefined();
    await provider.invalidate();
    expect(events.map((e) => e.type)).toEqual(['fetch_success', 'invalidate']);
    expect(lookups).toEqual([{ result: 'miss' }, { result: 'hit' }, { result: 'hit' }]);
  });

  it('refuses onEventTypes that are not a list of event types, naming the option', async () => {
    const connect = await startConnect();
    for (const onEventTypes of [['cache_hit', 'cache_hits'], 'fetch_success', [1]]) {
      expect(() => createProvider(connect, { onEventTypes: onEventTypes as never })).toThrow(
        expect.objectContaining({ name: VismaConfigError.name, option: 'onEventTypes' }),
      );
    }
  });

  it('records OpenTelemetry-shaped metrics and survives a throwing listener', async () => {
    const connect = await startConnect();
    const recorded: Array<[string, number, unknown]> = [];
    const meter: VismaAuthMeter = {
      createCounter: (name) => ({ add: (v, a) => void recorded.push([name, v, a]) }),
      createHistogram: (name) => ({ record: (v, a) => void recorded.push([name, v, a]) }),
    };
    const { provider } = createProvider(connect, {
      meter,
      onEvent: () => {
        throw new Error('listener bug');
      },
    });
    await provider.getToken();
    await provider.getToken();
    const names = recorded.map(([n]) => n);
    expect(names).toContain('visma_auth.token.requests');
    expect(names).toContain('visma_auth.token.request.duration');
    expect(recorded.filter(([n]) => n === 'visma_auth.cache.lookups').map(([, , a]) => a)).toEqual([
      { result: 'miss' },
      { result: 'hit' },
    ]);
  });
});
