import { describe, expect, it } from 'vitest';
import {
  VismaConfigError,
  VismaNetworkError,
  VismaOAuthError,
  VismaServerError,
  VismaTimeoutError,
} from './errors.js';
import { VismaTenantError } from './request-tenant.js';
import { upstreamErrorResponse } from './upstream-error-response.js';

describe('upstreamErrorResponse', () => {
  it('leaves other errors to the app', () => {
    expect(upstreamErrorResponse(new Error('x'))).toBeUndefined();
    expect(upstreamErrorResponse('x')).toBeUndefined();
  });

  it('answers 502 for configuration and OAuth errors, without their status or message', () => {
    const oauth = new VismaOAuthError({
      error: 'invalid_client',
      errorDescription: 'client secret for client-1 is wrong',
      httpStatus: 401,
    });
    for (const error of [oauth, new VismaConfigError('clientId', 'missing')]) {
      const answer = upstreamErrorResponse(error);
      expect(answer).toMatchObject({ status: 502, body: { error: 'upstream_error' } });
      expect(answer?.headers).not.toHaveProperty('retry-after');
      expect(JSON.stringify(answer)).not.toMatch(/invalid_client|client-1|401|clientId/);
    }
  });

  it('answers 503 with Retry-After for retryable errors, from retryAfterMs when present', () => {
    const throttled = new VismaServerError(429, { retryAfterMs: 2_500 });
    expect(upstreamErrorResponse(throttled)).toMatchObject({
      status: 503,
      headers: { 'retry-after': '3' },
      body: { error: 'upstream_unavailable' },
    });
    const timeout = new VismaTimeoutError('attempt', 1000);
    expect(timeout.retryable).toBe(true);
    expect(upstreamErrorResponse(timeout)?.headers['retry-after']).toBe('5');
    expect(
      upstreamErrorResponse(
        new VismaNetworkError('https://connect.example/token', new Error('down')),
      )?.status,
    ).toBe(503);
  });

  it('answers 400 for a request that names no valid tenant', () => {
    expect(upstreamErrorResponse(new VismaTenantError('bad'))).toMatchObject({
      status: 400,
      body: { error: 'invalid_tenant' },
    });
  });
});
