import { describe, expect, it } from 'vitest';
import { parseCliArgs, parseClientSpec } from './cli-args.js';

describe('parseClientSpec', () => {
  it('splits scopes that contain colons from the tenant list', () => {
    expect(parseClientSpec('app:s3cret:visma_api:read,erp:write:t1,t2')).toEqual({
      clientId: 'app',
      clientSecret: 's3cret',
      allowedScopes: ['visma_api:read', 'erp:write'],
      tenants: ['t1', 't2'],
    });
    expect(parseClientSpec('app:s3cret:visma_api:read,erp:write')).toEqual({
      clientId: 'app',
      clientSecret: 's3cret',
      allowedScopes: ['visma_api:read', 'erp:write'],
    });
    expect(parseClientSpec('app:s3cret:visma_api:read')).toMatchObject({
      allowedScopes: ['visma_api:read'],
    });
  });

  it('rejects a spec without secret or scopes', () => {
    expect(() => parseClientSpec('app')).toThrow(/id:secret/);
    expect(() => parseClientSpec('app:s3cret')).toThrow(/id:secret/);
  });
});

describe('parseCliArgs', () => {
  it('prefers flags over environment variables', () => {
    const env = { VISMA_MOCK_PORT: '4000', VISMA_MOCK_TOKEN_LIFETIME: '60' };
    expect(parseCliArgs([], env)).toMatchObject({
      port: 4000,
      tokenLifetimeSeconds: 60,
      api: false,
    });
    expect(parseCliArgs(['--port', '5000', '--api'], env)).toMatchObject({ port: 5000, api: true });
    expect(parseCliArgs([], env).admin).toBe(false);
    expect(parseCliArgs(['--admin'], env).admin).toBe(true);
  });

  it('rejects bad numbers and unknown flags', () => {
    expect(() => parseCliArgs(['--port', 'eighty'], {})).toThrow(/--port/);
    expect(() => parseCliArgs(['--token-lifetime', '0'], {})).toThrow(/--token-lifetime/);
    expect(() => parseCliArgs(['--what'], {})).toThrow();
  });
});
