import { describe, expect, it } from 'vitest';
import {
  backoffDelay,
  DEFAULT_RETRY,
  MAX_RETRY_AFTER_MS,
  parseRetryAfter,
  sleep,
} from './retry.js';

describe('backoffDelay', () => {
  it('uses full jitter over a capped exponential', () => {
    const policy = { maxAttempts: 10, baseDelayMs: 100, maxDelayMs: 1000 };
    expect(backoffDelay(1, policy, undefined, () => 0.999)).toBe(99);
    expect(backoffDelay(3, policy, undefined, () => 0.5)).toBe(200);
    expect(backoffDelay(9, policy, undefined, () => 0.999)).toBe(999);
    expect(backoffDelay(2, policy, undefined, () => 0)).toBe(0);
  });

  it('honours Retry-After over the backoff', () => {
    expect(backoffDelay(1, DEFAULT_RETRY, 3000)).toBe(3000);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('2', 0)).toBe(2000);
    expect(parseRetryAfter(' 0.5 ', 0)).toBe(500);
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:03 GMT', now)).toBe(3000);
    expect(parseRetryAfter('Tue, 31 Dec 2024 00:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it('rejects values that do not parse to a finite delay', () => {
    expect(parseRetryAfter('9'.repeat(401), 0)).toBeUndefined();
    expect(parseRetryAfter('1e3', 0)).toBeUndefined();
  });

  it('clamps long delays, in seconds or as a date, to MAX_RETRY_AFTER_MS', () => {
    expect(parseRetryAfter('31536000', 0)).toBe(MAX_RETRY_AFTER_MS);
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:00 GMT', now)).toBe(MAX_RETRY_AFTER_MS);
    expect(parseRetryAfter(String(MAX_RETRY_AFTER_MS / 1000), 0)).toBe(MAX_RETRY_AFTER_MS);
  });
});

describe('sleep', () => {
  it('rejects with the abort reason', async () => {
    const controller = new AbortController();
    const pending = sleep(10_000, controller.signal);
    controller.abort(new Error('stop'));
    await expect(pending).rejects.toThrow('stop');
  });
});
