import { describe, expect, it } from 'vitest';
import { trimmedMean } from './warm-cpu.js';

describe('trimmedMean', () => {
  it('leaves out the slowest tenth, so one collection in a block does not decide its figure', () => {
    const calls = [...Array.from({ length: 18 }, () => 100), 104, 20_000];
    expect(trimmedMean(calls)).toBe(100);
  });

  it('keeps every value of a block too short to have a slowest tenth', () => {
    expect(trimmedMean([3, 1, 2])).toBe(2);
  });
});
