import { describe, expect, it } from 'vitest';
import { MAX_RETRY_AFTER_MS } from './retry.js';
import { readRetryAfterEntry, retryAfterEntry, retryAfterKey } from './shared-retry-after.js';

describe('shared Retry-After entries', () => {
  it('round-trip the status and the end of the delay', () => {
    const entry = retryAfterEntry({ status: 429, until: 5_000 }, 1_000);
    expect(readRetryAfterEntry(entry, 2_000)).toEqual({ status: 429, until: 5_000 });
    expect(readRetryAfterEntry(entry, 5_000)).toBeUndefined();
  });

  it('ignore tokens and foreign entries, and bound what another process stored', () => {
    const token = { ...retryAfterEntry({ status: 429, until: 5_000 }, 0), accessToken: 'eyJ.a.b' };
    expect(readRetryAfterEntry(token, 0)).toBeUndefined();
    const odd = retryAfterEntry({ status: 500, until: 5_000 }, 0);
    expect(readRetryAfterEntry(odd, 0)).toBeUndefined();
    const long = retryAfterEntry({ status: 503, until: 10 * MAX_RETRY_AFTER_MS }, 0);
    expect(readRetryAfterEntry(long, 0)).toEqual({ status: 503, until: MAX_RETRY_AFTER_MS });
  });

  it('live under a key no token key can take, without query or credentials', () => {
    const key = retryAfterKey('https://user:pw@connect.visma.com/connect/token?x=1');
    expect(key).toBe('visma-auth:v1:retry-after:"https://connect.visma.com/connect/token"');
  });
});
