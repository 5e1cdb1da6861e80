import { describe, expect, it } from 'vitest';
import { allocatedBetween, measureAllocated } from './allocated-bytes.js';

const heap = (usedHeapSize: number) => ({ heapStatistics: { usedHeapSize } });

describe('allocatedBetween', () => {
  it('adds the growth before each collection and after the last', () => {
    const records = [
      { beforeGC: heap(150), afterGC: heap(40) },
      { beforeGC: heap(90), afterGC: heap(30) },
    ];
    expect(allocatedBetween(100, records, 70)).toBe(50 + 50 + 40);
  });
});

describe('measureAllocated', () => {
  it('counts arrays that were collected along the way', async () => {
    const kept: number[][] = [];
    const { bytes, collections } = await measureAllocated(async () => {
      for (let i = 0; i < 20_000; i++) {
        const array = new Array<number>(1_000).fill(i);
        if (i % 1_000 === 0) kept.push(array);
      }
    });
    // 20,000 arrays of 1,000 doubles (8 B each) is at least 160 MB; the young space is far smaller.
    expect(collections).toBeGreaterThan(0);
    expect(bytes).toBeGreaterThan(160_000_000);
    expect(kept).toHaveLength(20);
  });
});
