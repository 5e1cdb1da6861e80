/**
 * Warm CPU per call: each adapter against the same client with a static header, in ABBA blocks
 * of sequential calls to a server in another process that answers 200 and checks nothing. The
 * figure is the median over block pairs of (adapter − baseline) client CPU µs per call, with the
 * interquartile range of those pairs, so machine drift and load hit both sides alike.
 */
import { fmt, percentile } from '../shared/stats.js';
import type { WarmCall, WarmPair } from './warm-clients.js';

export interface WarmCpuOptions {
  /** Block pairs to measure (fewer when `budgetMs` runs out first). */
  pairs: number;
  /** Sequential calls per block. */
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
  /** Median of the baseline blocks' CPU µs per call. */
  baselineMicros: number;
  pairs: number;
  blockCalls: number;
  /** Calls that did not answer 200 (both sides). */
  failed: number;
}

/** Client CPU µs per call over `calls` sequential calls to `url`. */
async function block(
  call: WarmCall,
  url: string,
  calls: number,
  fails: { n: number },
): Promise<number> {
  const before = process.cpuUsage();
  for (let i = 0; i < calls; i++) {
    if ((await call(url)) !== 200) fails.n++;
  }
  const used = process.cpuUsage(before);
  return (used.user + used.system) / calls;
}

/** ABBA blocks (baseline then adapter, then adapter then baseline, …) until `pairs` or the budget. */
export async function warmCpu(pair: WarmPair, url: string, o: WarmCpuOptions): Promise<WarmCpu> {
  const end = performance.now() + o.budgetMs;
  const fails = { n: 0 };
  // Warm-up: connections, JIT, the first token.
  for (let i = 0; i < 2; i++) {
    await block(pair.baseline, url, o.blockCalls, fails);
    await block(pair.adapter, url, o.blockCalls, fails);
  }
  fails.n = 0;
  const deltas: number[] = [];
  const baselines: number[] = [];
  for (let i = 0; i < o.pairs && (i < 3 || performance.now() < end); i++) {
    let base: number;
    let cand: number;
    if (i % 2 === 0) {
      base = await block(pair.baseline, url, o.blockCalls, fails);
      cand = await block(pair.adapter, url, o.blockCalls, fails);
    } else {
      cand = await block(pair.adapter, url, o.blockCalls, fails);
      base = await block(pair.baseline, url, o.blockCalls, fails);
    }
    deltas.push(cand - base);
    baselines.push(base);
  }
  return {
    name: pair.name,
    transport: pair.transport,
    addedMicros: percentile(deltas, 0.5),
    q1: percentile(deltas, 0.25),
    q3: percentile(deltas, 0.75),
    baselineMicros: percentile(baselines, 0.5),
    pairs: deltas.length,
    blockCalls: o.blockCalls,
    failed: fails.n,
  };
}

const signed = (n: number) => `${n >= 0 ? '+' : '−'}${fmt(Math.abs(n), 1)}`;

/** One row of the warm CPU table. */
export function warmCpuRow(r: WarmCpu): string[] {
  return [
    r.name,
    r.transport,
    signed(r.addedMicros),
    `${signed(r.q1)} to ${signed(r.q3)}`,
    fmt(r.baselineMicros, 1),
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
  'pairs × calls per block',
  'non-200',
];

/** The sentence naming the adapter that adds the most CPU per warm call. */
export function worstLine(results: readonly WarmCpu[]): string {
  const worst = results.reduce<WarmCpu | undefined>(
    (w, r) => (w === undefined || r.addedMicros > w.addedMicros ? r : w),
    undefined,
  );
  if (worst === undefined) return 'n/a (no adapter could run).';
  return `the worst adapter, ${worst.name}, adds ${signed(worst.addedMicros)} µs per call (IQR ${signed(worst.q1)} to ${signed(worst.q3)}) over ${fmt(worst.baselineMicros, 1)} µs with a static header.`;
}
