import { describe, expect, it } from 'vitest';
import { VismaConfigError } from './errors.js';
import type { VismaTokenProviderOptions } from './options.js';
import { resolveOptions } from './resolve-options.js';
import { isLoopbackHost } from './secure-url.js';

const valid: VismaTokenProviderOptions = { clientId: 'app', clientSecret: 's3cret', scopes: 'a b' };

function optionOf(options: unknown): string | undefined {
  try {
    resolveOptions(options as VismaTokenProviderOptions);
  } catch (e) {
    expect(e).toBeInstanceOf(VismaConfigError);
    return (e as VismaConfigError).option;
  }
  return undefined;
}

describe('resolveOptions', () => {
  it('applies documented defaults', () => {
    const o = resolveOptions(valid);
    expect(o).toMatchObject({
      authMethod: 'client_secret_post',
      scopes: ['a', 'b'],
      expirySkewMs: 60_000,
      refreshAhead: 0.8,
      timeoutMs: 10_000,
      deadlineMs: 30_000,
      errorCooldownMs: 5_000,
      maxCacheEntries: 10_000,
    });
    expect(o.authority.href).toBe('https://connect.visma.com/');
    expect(resolveOptions({ ...valid, environment: 'staging' }).authority.host).toBe(
      'connect.identity.stagaws.visma.com',
    );
    expect(resolveOptions({ ...valid, retry: false }).retry.maxAttempts).toBe(1);
  });

  it.each([
    [{ ...valid, clientId: '' }, 'clientId'],
    [{ clientId: 'a', scopes: 'x' }, 'clientSecret'],
    [{ ...valid, scopes: '  ' }, 'scopes'],
    [{ ...valid, scopes: undefined }, 'scopes'],
    [{ ...valid, authMethod: 'private_key_jwt' }, 'privateKey'],
    [{ ...valid, authMethod: 'tls' }, 'authMethod'],
    [{ ...valid, tokenUrl: 'http://connect.visma.com/connect/token' }, 'tokenUrl'],
    [{ ...valid, tokenUrl: 'not a url' }, 'tokenUrl'],
    [{ ...valid, authority: 'https://x', environment: 'staging' }, 'authority'],
    [{ ...valid, environment: 'dev' }, 'environment'],
    [{ ...valid, expirySkewSeconds: -1 }, 'expirySkewSeconds'],
    [{ ...valid, refreshAhead: 1.5 }, 'refreshAhead'],
    [{ ...valid, timeoutMs: 0 }, 'timeoutMs'],
    [{ ...valid, retry: { maxAttempts: 0 } }, 'retry.maxAttempts'],
    [{ ...valid, maxCacheEntries: 1.5 }, 'maxCacheEntries'],
    [{ ...valid, fetch: 'x' }, 'fetch'],
    [{ ...valid, clock: {} }, 'clock'],
    [{ ...valid, logger: { info() {} } }, 'logger'],
    [{ ...valid, cache: {} }, 'cache'],
    [{ ...valid, privateKey: 'not a pem', clientSecret: undefined }, 'privateKey'],
    [
      { ...valid, privateKey: { kty: 'RSA', n: 'x', e: 'AQAB' }, clientSecret: undefined },
      'privateKey',
    ],
    [null, 'options'],
  ])('names the bad option %#', (options, option) => {
    expect(optionOf(options)).toBe(option);
  });

  it('bounds shared-cache operations by timeoutMs and deadlineMs unless cacheTimeoutMs is set', () => {
    expect(resolveOptions(valid).cacheTimeoutMs).toBe(10_000);
    expect(resolveOptions({ ...valid, deadlineMs: 2_000 }).cacheTimeoutMs).toBe(2_000);
    expect(resolveOptions({ ...valid, cacheTimeoutMs: 250 }).cacheTimeoutMs).toBe(250);
    expect(optionOf({ ...valid, cacheTimeoutMs: 0 })).toBe('cacheTimeoutMs');
  });

  it('never echoes the secret in a configuration error', () => {
    try {
      resolveOptions({ ...valid, authMethod: 'private_key_jwt' });
    } catch (e) {
      expect(String((e as Error).message)).not.toContain('s3cret');
    }
  });

  it('allows http only for loopback hosts', () => {
    expect(
      resolveOptions({ ...valid, tokenUrl: 'http://127.0.0.1:1/connect/token' }).tokenUrl?.port,
    ).toBe('1');
    expect(isLoopbackHost('localhost')).toBe(true);
    expect(isLoopbackHost('[::1]')).toBe(true);
    expect(isLoopbackHost('127.10.0.1')).toBe(true);
    expect(isLoopbackHost('127.0.0.1.nip.io')).toBe(false);
  });
});
