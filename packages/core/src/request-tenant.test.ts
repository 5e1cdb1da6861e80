import { describe, expect, it } from 'vitest';
import { VismaConfigError } from './errors.js';
import { requestTenantOf, VismaTenantError } from './request-tenant.js';

describe('requestTenantOf', () => {
  it('returns the tenant, or undefined for no function or no tenant', () => {
    expect(requestTenantOf(() => 'tenant-a')).toBe('tenant-a');
    expect(requestTenantOf(() => undefined)).toBeUndefined();
    expect(requestTenantOf(undefined)).toBeUndefined();
  });

  it.each([
    [
      'throws',
      () => {
        throw new Error('no identity');
      },
    ],
    ['returns a number', () => 42],
    ['returns null', () => null],
    ['returns a Promise', () => Promise.resolve('tenant-a')],
    ['returns an empty string', () => ' '],
    ['returns CR/LF', () => 'tenant-a\r\nx-admin: 1'],
    ['returns a NUL', () => 'tenant\u0000a'],
    ['returns a line separator', () => 'tenant\u2028a'],
  ])('refuses a tenant function that %s, with a 400 config error that echoes nothing', (_, fn) => {
    let error: unknown;
    try {
      requestTenantOf(fn);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(VismaTenantError);
    expect(error).toBeInstanceOf(VismaConfigError);
    expect(error).toMatchObject({ code: 'ERR_VISMA_CONFIG', option: 'tenant' });
    expect('statusCode' in (error as object)).toBe(false);
    expect((error as Error).message).not.toMatch(/tenant-a|x-admin|42/);
  });
});
