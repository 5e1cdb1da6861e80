import { describe, expect, it } from 'vitest';
import { createAdapterTarget } from './adapter-target.js';

describe('createAdapterTarget', () => {
  it('parses the base URL and allows its origin and the listed ones', () => {
    const target = createAdapterTarget({
      baseUrl: 'https://api.example.com/v1',
      allowedOrigins: ['https://other.example.com'],
    });
    expect(target.baseUrl).toBe('https://api.example.com/v1');
    expect(target.isAllowed('https://api.example.com/x')).toBe(true);
    expect(target.isAllowed('https://other.example.com/y')).toBe(true);
    expect(target.isAllowed('https://evil.example.com/')).toBe(false);
  });

  it('names the adapter’s own option spelling in errors', () => {
    expect(() => createAdapterTarget({ baseUrl: 'nope', baseUrlOption: 'baseURL' })).toThrow(
      expect.objectContaining({ code: 'ERR_VISMA_CONFIG', option: 'baseURL' }),
    );
    expect(() => createAdapterTarget({ allowedOriginsOption: 'origins' })).toThrow(
      expect.objectContaining({ option: 'origins' }),
    );
  });

  it('asks for nothing in particular when a call names nothing', () => {
    const target = createAdapterTarget({ baseUrl: 'https://api.example.com' });
    expect(target.tokenRequestOf()).toBeUndefined();
    expect(target.tokenRequestOf(false, null)).toBeUndefined();
    expect(target.tokenRequestOf({})).toBeUndefined();
  });

  it('puts the call’s tenant, scopes and signal over the defaults', () => {
    const target = createAdapterTarget({
      baseUrl: 'https://api.example.com',
      tenantId: 'a',
      scopes: 's1',
    });
    const signal = new AbortController().signal;
    expect(target.tokenRequestOf()).toEqual({ tenantId: 'a', scopes: 's1' });
    expect(target.tokenRequestOf({ tenantId: 'b' }, signal)).toEqual({
      tenantId: 'b',
      scopes: 's1',
      signal,
    });
    expect(target.tokenRequestOf({ scopes: ['s2'] })).toEqual({ tenantId: 'a', scopes: ['s2'] });
  });
});
