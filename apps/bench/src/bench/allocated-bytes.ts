/**
 * Heap bytes a piece of code allocates, garbage included, from V8's own GC records: every
 * collection reports the heap in use before and after it, so what was allocated between two
 * collections is the growth from one's "after" to the next one's "before".
 */
import { GCProfiler, getHeapStatistics } from 'node:v8';

interface HeapSample {
  heapStatistics: { usedHeapSize: number };
}

interface GcRecord {
  beforeGC: HeapSample;
  afterGC: HeapSample;
}

/** Runs `work` and resolves with what it returned and the heap bytes allocated meanwhile. */
export async function measureAllocated<T>(
  work: () => Promise<T>,
): Promise<{ result: T; bytes: number; collections: number }> {
  const profiler = new GCProfiler();
  const start = getHeapStatistics().used_heap_size;
  profiler.start();
  const result = await work();
  const end = getHeapStatistics().used_heap_size;
  const records = (profiler.stop()?.statistics ?? []) as GcRecord[];
  return { result, bytes: allocatedBetween(start, records, end), collections: records.length };
}

/** The sum of heap growth between collections: `start` to the first, each "after" to the next "before", the last to `end`. */
export function allocatedBetween(start: number, records: readonly GcRecord[], end: number): number {
  let bytes = 0;
  let from = start;
  for (const record of records) {
    bytes += Math.max(0, record.beforeGC.heapStatistics.usedHeapSize - from);
    from = record.afterGC.heapStatistics.usedHeapSize;
  }
  return bytes + Math.max(0, end - from);
}
