/**
 * Warm CPU per call: each adapter against the same client with a static header, making sequential
 * calls to a server in another process that answers 200 and checks nothing.
 *
 * A block pair is `blockCalls` calls of each side interleaved call by call in ABBA order (static,
 * adapter, adapter, static, …), each call's client CPU read with `process.cpuUsage()`. The pair's
 * figure is the difference of the two sides' trimmed means (the slowest 10 % of each side's calls
 * dropped: those are the ones a garbage collection or a background V8 thread landed in, which
 * otherwise decide the figure). Interleaving call by call means machine drift hits both sides
 * alike; the allocation that GC pays for is reported on its own, as bytes per call. The table
 * gives the median over block pairs with its interquartile range.
 */
import { getHeapStatistics } from 'node:v8';
import { fmt, percentile } from '../shared/stats.js';
import type { WarmCall, WarmPair } from './warm-clients.js';

export interface WarmCpuOptions {
  /** Block pairs to measure (fewer when `budgetMs` runs out first, never fewer than 3). */
  pairs: number;
  /** Calls of each side per block pair. */
  blockCalls: number;
  /** Wall time budget for one adapter's pairs, warm-up included. */
  budgetMs: number;
}

export interface WarmCpu {
  name: string;
  transport: string;
  /** Median over pairs of the adapter's CPU µs per call minus the baseline's. */
  addedMicros: number;
  q1: number;
  q3: number;
  /** Median of the baseline's trimmed CPU µs per call. */
  baselineMicros: number;
  /** Heap bytes the adapter allocates per call over the baseline (median of GC-free windows). */
  addedBytes: number;
  /** Framework pairs: what a no-op middleware of that framework adds, measured the same way. */
  idiomMicros?: number;
  /** Framework pairs: the heap bytes per call that no-op middleware adds. */
  idiomBytes?: number;
  pairs: number;
  blockCalls: number;
  /** Calls that did not answer 200 (both sides). */
  failed: number;
}

/** The share of each side's calls, the slowest, left out of a block's mean. */
const TRIMMED_SHARE = 0.1;

function cpuMicros(): number {
  const used = process.cpuUsage();
  return used.user + used.system;
}

/** Mean of `values` without the slowest `TRIMMED_SHARE` of them. */
export function trimmedMean(values: number[]): number {
  const kept = values
    .sort((x, y) => x - y)
    .slice(0, Math.ceil(values.length * (1 - TRIMMED_SHARE)));
  let sum = 0;
  for (const v of kept) sum += v;
  return sum / kept.length;
}

/** One block pair: per-call CPU µs of each side, interleaved ABBA call by call. */
async function blockPair(
  pair: WarmPair,
  url: string,
  calls: number,
  fails: { n: number },
): Promise<{ baseline: number; adapter: number }> {
  const base: number[] = [];
  const cand: number[] = [];
  const one = async (call: WarmCall, into: number[]) => {
    const start = cpuMicros();
    const status = await call(url);
    into.push(cpuMicros() - start);
    if (status !== 200) fails.n++;
  };
  for (let i = 0; i < calls; i++) {
    if (i % 2 === 0) {
      await one(pair.baseline, base);
      await one(pair.adapter, cand);
    } else {
      await one(pair.adapter, cand);
      await one(pair.baseline, base);
    }
  }
  return { baseline: trimmedMean(base), adapter: trimmedMean(cand) };
}

/**
 * Heap bytes per call of `call`: the growth of the used heap over a window of `calls` calls,
 * median over windows (a window a scavenge fell into shrinks and lands below the median).
 */
async function bytesPerCall(call: WarmCall, url: string, windows: number, calls: number) {
  const perWindow: number[] = [];
  for (let w = 0; w < windows; w++) {
    const before = getHeapStatistics().used_heap_size;
    for (let i = 0; i < calls; i++) await call(url);
    perWindow.push((getHeapStatistics().used_heap_size - before) / calls);
  }
  return percentile(perWindow, 0.5);
}

/** Added heap bytes per call: adapter windows minus baseline windows, alternating. */
async function addedBytesPerCall(pair: WarmPair, url: string): Promise<number> {
  const deltas: number[] = [];
  for (let i = 0; i < 6; i++) {
    const base = await bytesPerCall(pair.baseline, url, 15, 40);
    const cand = await bytesPerCall(pair.adapter, url, 15, 40);
    deltas.push(cand - base);
  }
  return percentile(deltas, 0.5);
}

/** Block pairs until `pairs` or the budget, after a warm-up of two pairs. */
export async function warmCpu(pair: WarmPair, url: string, o: WarmCpuOptions): Promise<WarmCpu> {
  const end = performance.now() + o.budgetMs;
  const fails = { n: 0 };
  // Warm-up: connections, JIT, the first token.
  for (let i = 0; i < 2; i++) await blockPair(pair, url, o.blockCalls, fails);
  fails.n = 0;
  const deltas: number[] = [];
  const idiomDeltas: number[] = [];
  const baselines: number[] = [];
  // The same static side against the framework's no-op middleware instead of the adapter.
  const idiomPair = pair.idiom === undefined ? undefined : { ...pair, adapter: pair.idiom };
  // With a framework's no-op middleware to compare, pairs alternate between the two, so both
  // figures come from the same stretch of the run; each gets half the budget.
  const count = idiomPair === undefined ? o.pairs : o.pairs * 2;
  for (let i = 0; i < count && (i < 6 || performance.now() < end); i++) {
    if (idiomPair !== undefined && i % 2 === 1) {
      const { baseline, adapter } = await blockPair(idiomPair, url, o.blockCalls, fails);
      idiomDeltas.push(adapter - baseline);
      continue;
    }
    const { baseline, adapter } = await blockPair(pair, url, o.blockCalls, fails);
    deltas.push(adapter - baseline);
    baselines.push(baseline);
  }
  return {
    ...(idiomDeltas.length > 0 && { idiomMicros: percentile(idiomDeltas, 0.5) }),
    ...(idiomPair !== undefined && { idiomBytes: await addedBytesPerCall(idiomPair, url) }),
    name: pair.name,
    transport: pair.transport,
    addedMicros: percentile(deltas, 0.5),
    q1: percentile(deltas, 0.25),
    q3: percentile(deltas, 0.75),
    baselineMicros: percentile(baselines, 0.5),
    addedBytes: await addedBytesPerCall(pair, url),
    pairs: deltas.length,
    blockCalls: o.blockCalls,
    failed: fails.n,
  };
}

const signed = (n: number, digits = 1) => `${n >= 0 ? '+' : '−'}${fmt(Math.abs(n), digits)}`;

/** A framework's no-op middleware: CPU and heap per call, or blank for other adapters. */
function idiomCell(r: WarmCpu): string {
  if (r.idiomMicros === undefined) return '';
  const bytes = r.idiomBytes === undefined ? '' : `, ${signed(r.idiomBytes, 0)} B`;
  return `${signed(r.idiomMicros)} µs${bytes}`;
}

/** One row of the warm CPU table. */
export function warmCpuRow(r: WarmCpu): string[] {
  return [
    r.name,
    r.transport,
    signed(r.addedMicros),
    `${signed(r.q1)} to ${signed(r.q3)}`,
    fmt(r.baselineMicros, 1),
    signed(r.addedBytes, 0),
    idiomCell(r),
    `${r.pairs} × ${r.blockCalls}`,
    String(r.failed),
  ];
}

export const WARM_CPU_HEADERS = [
  'adapter',
  'client',
  'added CPU µs/call (median)',
  'IQR of pairs',
  'static header µs/call',
  'added heap B/call',
  "framework's no-op middleware µs, B/call",
  'pairs × calls per side',
  'non-200',
];

/** The sentence naming the adapter that adds the most CPU per warm call. */
export function worstLine(results: readonly WarmCpu[]): string {
  const worst = results.reduce<WarmCpu | undefined>(
    (w, r) => (w === undefined || r.addedMicros > w.addedMicros ? r : w),
    undefined,
  );
  if (worst === undefined) return 'n/a (no adapter could run).';
  const idiom =
    worst.idiomMicros === undefined
      ? ''
      : ` (a no-op middleware of that framework adds ${idiomCell(worst)})`;
  return `the worst adapter, ${worst.name}, adds ${signed(worst.addedMicros)} µs per call (IQR ${signed(worst.q1)} to ${signed(worst.q3)}) over ${fmt(worst.baselineMicros, 1)} µs with a static header${idiom}.`;
}
