import { describe, expect, it } from 'vitest';
import { claimRows, formatDuration, formatTime } from './format.js';

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [42_400, '42s'],
    [3_599_000, '59m 59s'],
    [3_600_000, '1h'],
    [3_723_000, '1h 2m 3s'],
    [-90_000, '-1m 30s'],
  ])('%i ms is %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('claimRows', () => {
  it('shows times as ISO dates and lists joined by spaces', () => {
    expect(
      claimRows({ exp: 1_700_000_000, aud: ['a', 'b'], cnf: { x: 1 }, client_id: 'c' }),
    ).toEqual([
      ['exp', `1700000000 (${formatTime(1_700_000_000_000)})`],
      ['aud', 'a b'],
      ['cnf', '{"x":1}'],
      ['client_id', 'c'],
    ]);
    expect(formatTime(1_700_000_000_000)).toBe('2023-11-14T22:13:20Z');
  });
});
