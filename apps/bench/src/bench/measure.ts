/** Load generators of the bench; every loop is bounded in time and count. */
import { median, percentile } from '../shared/stats.js';

export type Call = () => Promise<boolean>;

export interface Rate {
  callsPerSecond: number;
  cpuMicrosPerCall: number;
}

/** Runs `call` with `concurrency` workers for `durationMs` (at most `maxCalls` calls). */
export async function throughput(
  call: Call,
  {
    durationMs,
    concurrency = 8,
    maxCalls = 500_000,
  }: { durationMs: number; concurrency?: number; maxCalls?: number },
): Promise<Rate> {
  let done = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  const end = started + durationMs;
  const worker = async () => {
    while (performance.now() < end && done < maxCalls) {
      await call().catch(() => false);
      done++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const used = process.cpuUsage(cpu);
  return {
    callsPerSecond: done / ((performance.now() - started) / 1000),
    cpuMicrosPerCall: (used.user + used.system) / Math.max(1, done),
  };
}

export interface Comparison {
  baseline: Rate;
  candidate: Rate;
  /** Median over rounds of the candidate's calls/s divided by the baseline's in the same round. */
  ratio: number;
}

/** Alternating rounds of baseline and candidate (order swapped each round) so drift hits both. */
export async function compare(
  baseline: Call,
  candidate: Call,
  { rounds, durationMs, warmupMs }: { rounds: number; durationMs: number; warmupMs: number },
): Promise<Comparison> {
  await throughput(baseline, { durationMs: warmupMs });
  await throughput(candidate, { durationMs: warmupMs });
  const bs: Rate[] = [];
  const cs: Rate[] = [];
  for (let i = 0; i < rounds; i++) {
    if (i % 2 === 0) {
      bs.push(await throughput(baseline, { durationMs }));
      cs.push(await throughput(candidate, { durationMs }));
    } else {
      cs.push(await throughput(candidate, { durationMs }));
      bs.push(await throughput(baseline, { durationMs }));
    }
  }
  const med = (rates: Rate[]): Rate => ({
    callsPerSecond: median(rates.map((r) => r.callsPerSecond)),
    cpuMicrosPerCall: median(rates.map((r) => r.cpuMicrosPerCall)),
  });
  return {
    baseline: med(bs),
    candidate: med(cs),
    ratio: median(bs.map((b, i) => (cs[i]?.callsPerSecond ?? 0) / b.callsPerSecond)),
  };
}

export interface Latencies {
  calls: number;
  failed: number;
  p50: number;
  p99: number;
  max: number;
}

/** Latencies and failures of `concurrency` callers without pause for `durationMs`. */
export async function steadyLoad(
  call: Call,
  {
    durationMs,
    concurrency = 8,
    maxCalls = 200_000,
  }: { durationMs: number; concurrency?: number; maxCalls?: number },
): Promise<Latencies> {
  const latencies: number[] = [];
  let failed = 0;
  const end = performance.now() + durationMs;
  const worker = async () => {
    while (performance.now() < end && latencies.length < maxCalls) {
      const t0 = performance.now();
      const ok = await call().catch(() => false);
      latencies.push(performance.now() - t0);
      if (!ok) failed++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return {
    calls: latencies.length,
    failed,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    max: Math.max(...latencies),
  };
}

/** Resolves with the value, or `undefined` when `ms` passed first (the work goes on unobserved). */
export async function within<T>(work: Promise<T>, ms: number): Promise<{ value: T } | undefined> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work.then((value) => ({ value })),
      new Promise<undefined>((resolve) => {
        timer = setTimeout(() => resolve(undefined), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** A short, safe description of a thrown value: the typed code, or the class name. */
export function describeError(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const e = error as { code?: unknown; name?: unknown; response?: { status?: unknown } };
    if (typeof e.code === 'string' && e.code.startsWith('ERR_VISMA')) return e.code;
    if (e.response?.status !== undefined) return `${String(e.name)} ${String(e.response.status)}`;
    if (typeof e.name === 'string')
      return typeof e.code === 'string' ? `${e.name} ${e.code}` : e.name;
  }
  return typeof error;
}
