import { describe, expect, it } from 'vitest';
import { trimmedMean, WARM_CPU_HEADERS, type WarmCpu, warmCpuRow, worstLine } from './warm-cpu.js';

describe('trimmedMean', () => {
  it('leaves out the slowest tenth, so one collection in a block does not decide its figure', () => {
    const calls = [...Array.from({ length: 18 }, () => 100), 104, 20_000];
    expect(trimmedMean(calls)).toBe(100);
  });

  it('keeps every value of a block too short to have a slowest tenth', () => {
    expect(trimmedMean([3, 1, 2])).toBe(2);
  });
});

describe('warm CPU report', () => {
  const row = (name: string, added: number, idiom?: number): WarmCpu => ({
    name,
    transport: 't',
    addedMicros: added,
    q1: added - 1,
    q3: added + 1,
    baselineMicros: 300,
    addedBytes: 100,
    ...(idiom !== undefined && { idiomMicros: idiom, idiomBytes: 1841 }),
    pairs: 3,
    blockCalls: 10,
    failed: 0,
  });

  it("gives a framework's no-op middleware CPU and heap in its own column, blank for other adapters", () => {
    expect(warmCpuRow(row('a', 2))).toHaveLength(WARM_CPU_HEADERS.length);
    expect(warmCpuRow(row('a', 2))[6]).toBe('');
    expect(warmCpuRow(row('b', 9, 4.5))[6]).toBe('+4.5 µs, +1,841 B');
  });

  it('names the worst adapter and, for a framework, what its no-op middleware adds', () => {
    expect(worstLine([row('a', 2), row('b', 9, 4.5)])).toBe(
      'the worst adapter, b, adds +9.0 µs per call (IQR +8.0 to +10.0) over 300.0 µs with a static header (a no-op middleware of that framework adds +4.5 µs, +1,841 B).',
    );
    expect(worstLine([row('a', 2)])).not.toContain('middleware');
  });
});
