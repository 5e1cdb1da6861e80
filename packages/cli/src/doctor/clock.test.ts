import { describe, expect, it } from 'vitest';
import { checkClock, sampleFromIssuedAt } from './clock.js';

describe('checkClock', () => {
  it('passes within the limit and fails beyond it, saying which way', () => {
    expect(checkClock({ serverMs: 10_000, localMs: 5_000 }, 30_000).status).toBe('pass');
    const behind = checkClock({ serverMs: 100_000, localMs: 0 }, 30_000);
    expect(behind).toMatchObject({
      status: 'fail',
      detail: "this machine's clock is 1m 40s behind Visma Connect",
    });
    expect(checkClock({ serverMs: 0, localMs: 100_000 }, 30_000).detail).toContain('ahead of');
  });

  it('skips without a sample, and samples from iat', () => {
    expect(checkClock(undefined, 30_000).status).toBe('skip');
    expect(sampleFromIssuedAt(100, 1_000)).toEqual({ serverMs: 100_500, localMs: 1_000 });
    expect(sampleFromIssuedAt('x', 1_000)).toBeUndefined();
  });
});
