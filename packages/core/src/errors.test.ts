import { inspect } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import {
  isVismaAuthError,
  VismaAuthError,
  VismaConfigError,
  VismaNetworkError,
  VismaOAuthError,
  VismaServerError,
  VismaTimeoutError,
  VismaTokenResponseError,
} from './errors.js';
import { VismaTenantError } from './request-tenant.js';

describe('errors', () => {
  it('share one base with a stable code and retryable flag', () => {
    const errors = [
      new VismaConfigError('clientId', 'missing'),
      new VismaOAuthError({ error: 'invalid_client', httpStatus: 401 }),
      new VismaServerError(503),
      new VismaTokenResponseError('bad'),
      new VismaTimeoutError('attempt', 10),
      new VismaNetworkError('https://x/token', new Error('ECONNREFUSED')),
    ];
    for (const e of errors) {
      expect(e).toBeInstanceOf(VismaAuthError);
      expect(isVismaAuthError(e)).toBe(true);
      expect(e.name).toBe(e.constructor.name);
      expect(e.code).toMatch(/^ERR_VISMA_/);
    }
    expect(errors.map((e) => e.retryable)).toEqual([false, false, true, false, true, true]);
    expect(isVismaAuthError(new Error('x'))).toBe(false);
  });

  it('carry no status or statusCode that a web framework would answer its caller with', () => {
    const errors = [
      new VismaAuthError('x'),
      new VismaConfigError('clientId', 'missing'),
      new VismaOAuthError({ error: 'invalid_client', httpStatus: 401 }),
      new VismaServerError(503),
      new VismaTokenResponseError('bad', { httpStatus: 200 }),
      new VismaTimeoutError('attempt', 10),
      new VismaNetworkError('https://x/token', new Error('ECONNREFUSED')),
      new VismaTenantError('the tenant function threw'),
    ];
    for (const e of errors) {
      expect('status' in e, e.name).toBe(false);
      expect('statusCode' in e, e.name).toBe(false);
      expect(e.toJSON()).not.toHaveProperty('status');
    }
    expect(errors.map((e) => e.toJSON().httpStatus)).toEqual([
      undefined,
      undefined,
      401,
      503,
      200,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it("keep the server's error_description out of the message, in errorDescription", () => {
    const e = new VismaOAuthError({
      error: 'invalid_client',
      errorDescription: 'Unknown client svc-app.',
      httpStatus: 401,
    });
    expect(e.message).not.toContain('svc-app');
    expect(e.message).toContain('invalid_client');
    expect(e.errorDescription).toBe('Unknown client svc-app.');
    expect(e.toJSON().errorDescription).toBe('Unknown client svc-app.');
    const odd = new VismaOAuthError({ error: 'tenant "x" <b>', httpStatus: 400 });
    expect(odd.message).not.toContain('<b>');
  });

  it('are recognised across two loaded copies of the module, by class', async () => {
    vi.resetModules();
    const other = await import('./errors.js');
    expect(other.VismaConfigError).not.toBe(VismaConfigError);
    const foreign = new other.VismaConfigError('scopes', 'missing');
    expect(foreign).toBeInstanceOf(VismaConfigError);
    expect(foreign).toBeInstanceOf(VismaAuthError);
    expect(isVismaAuthError(foreign)).toBe(true);
    expect(foreign).not.toBeInstanceOf(VismaOAuthError);
    expect(new VismaServerError(503)).toBeInstanceOf(other.VismaServerError);
    expect(new VismaServerError(503)).not.toBeInstanceOf(other.VismaConfigError);
    expect({ name: 'VismaConfigError' }).not.toBeInstanceOf(VismaConfigError);
    expect(Object.keys(foreign)).not.toContain(String(Symbol.for('@visma-auth/core.error')));
    expect(JSON.stringify(foreign)).not.toContain('VismaAuthError"');
  });

  it('names the bad option', () => {
    const e = new VismaConfigError('retry.maxAttempts', 'must be a number');
    expect(e.option).toBe('retry.maxAttempts');
    expect(e.message).toContain('retry.maxAttempts');
    expect(e.toJSON().option).toBe('retry.maxAttempts');
  });

  it('gives hints for common Visma errors', () => {
    expect(new VismaOAuthError({ error: 'invalid_tenant', httpStatus: 400 }).hint).toMatch(
      /administrator/,
    );
    expect(
      new VismaOAuthError({
        error: 'invalid_request',
        errorDescription: 'The application user or subscription is not entitled to use the API',
        httpStatus: 400,
      }).hint,
    ).toMatch(/grant/);
    expect(new VismaOAuthError({ error: 'invalid_scope', httpStatus: 400 }).hint).toMatch(
      /Developer Portal/,
    );
    expect(new VismaOAuthError({ error: 'invalid_client', httpStatus: 401 }).hint).toMatch(
      /shown only once/,
    );
    expect(
      new VismaOAuthError({ error: 'temporarily_unavailable', httpStatus: 503 }).retryable,
    ).toBe(true);
  });

  it('serializes and inspects without the cause internals', () => {
    const cause = Object.assign(new TypeError('fetch failed'), {
      cause: Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }),
    });
    const e = new VismaNetworkError('https://connect.visma.com/connect/token?x=1', cause);
    expect(e.toJSON()).toMatchObject({
      code: 'ERR_VISMA_NETWORK',
      retryable: true,
      cause: { name: 'TypeError', message: 'fetch failed', code: 'ECONNREFUSED' },
    });
    expect(e.cause).toBe(cause);
    expect(inspect(e)).toContain('ERR_VISMA_NETWORK');
    expect(
      JSON.parse(
        JSON.stringify(
          new VismaOAuthError({
            error: 'invalid_scope',
            errorDescription: 'd',
            httpStatus: 400,
            retryAfterMs: 5,
          }),
        ),
      ),
    ).toMatchObject({
      error: 'invalid_scope',
      errorDescription: 'd',
      httpStatus: 400,
      retryAfterMs: 5,
    });
  });
});
