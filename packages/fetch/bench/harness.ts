/** Measurement helpers shared by the benchmark scenarios; every loop is bounded in time and count. */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ServerCommand, ServerInfo } from './server-process.js';

/** One call through the client under test; resolves true on a 2xx answer. */
export type Call = () => Promise<boolean>;

export interface ServerProcess extends ServerInfo {
  /** Token requests Visma Connect has received since the last reset. */
  tokenCount(): Promise<number>;
  reset(): Promise<void>;
  close(): void;
}

/** Starts the servers in a child process and waits for their URLs (at most 20 s). */
export async function startServerProcess(): Promise<ServerProcess> {
  const script = fileURLToPath(new URL('./server-process.ts', import.meta.url));
  const child = fork(script, [], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  const info = await new Promise<ServerInfo>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('servers did not start in 20 s')), 20_000);
    child.once('message', (m) => {
      clearTimeout(timer);
      resolve(m as ServerInfo);
    });
    child.once('exit', (code) => reject(new Error(`server process exited with ${code}`)));
  });
  let nextId = 0;
  const ask = (cmd: ServerCommand['cmd']) =>
    new Promise<number>((resolve) => {
      const id = ++nextId;
      const onMessage = (m: { id: number; value: number }) => {
        if (m.id !== id) return;
        child.off('message', onMessage);
        resolve(m.value);
      };
      child.on('message', onMessage);
      child.send({ id, cmd } satisfies ServerCommand);
    });
  return {
    ...info,
    tokenCount: () => ask('tokenCount'),
    reset: async () => {
      await ask('reset');
    },
    close: () => child.disconnect(),
  };
}

/** Calls per second, and client CPU per call (the servers run elsewhere), of one timed run. */
export interface Rate {
  callsPerSecond: number;
  cpuMicrosPerCall: number;
}

/** Runs `call` with `concurrency` workers for `durationMs` (and at most `maxCalls` calls). */
export async function throughput(
  call: Call,
  {
    durationMs,
    concurrency = 8,
    maxCalls = 1_000_000,
  }: { durationMs: number; concurrency?: number; maxCalls?: number },
): Promise<Rate> {
  let done = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  const end = started + durationMs;
  const worker = async () => {
    while (performance.now() < end && done < maxCalls) {
      await call();
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

/** Medians of alternating rounds of a baseline `a` and a candidate `b`. */
export interface Comparison {
  a: Rate;
  b: Rate;
  /** Median over rounds of b's calls/s divided by a's in the same round. */
  ratio: number;
}

/** Runs `a` and `b` in alternating rounds so drift hits both alike. */
export async function compare(
  a: Call,
  b: Call,
  { rounds, durationMs, warmupMs = 500 }: { rounds: number; durationMs: number; warmupMs?: number },
): Promise<Comparison> {
  // Warm both up (connections, JIT, the first token).
  await throughput(a, { durationMs: warmupMs });
  await throughput(b, { durationMs: warmupMs });
  const as: Rate[] = [];
  const bs: Rate[] = [];
  for (let i = 0; i < rounds; i++) {
    // Swap the order every round so neither side always runs second.
    if (i % 2 === 0) {
      as.push(await throughput(a, { durationMs }));
      bs.push(await throughput(b, { durationMs }));
    } else {
      bs.push(await throughput(b, { durationMs }));
      as.push(await throughput(a, { durationMs }));
    }
  }
  const medianRate = (rates: Rate[]): Rate => ({
    callsPerSecond: median(rates.map((r) => r.callsPerSecond)),
    cpuMicrosPerCall: median(rates.map((r) => r.cpuMicrosPerCall)),
  });
  const ratios = as.map((r, i) => (bs[i]?.callsPerSecond ?? 0) / r.callsPerSecond);
  return { a: medianRate(as), b: medianRate(bs), ratio: median(ratios) };
}

/** Latencies and failures of a steady load of `concurrency` workers for `durationMs`. */
export async function steadyLoad(
  call: Call,
  {
    durationMs,
    concurrency = 8,
    maxCalls = 200_000,
  }: { durationMs: number; concurrency?: number; maxCalls?: number },
): Promise<{ calls: number; failed: number; p99Ms: number }> {
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
  return { calls: latencies.length, failed, p99Ms: percentile(latencies, 0.99) };
}

/** Fires `n` calls at once; counts the ones that did not answer 2xx. */
export async function burst(call: Call, n: number): Promise<{ failed: number }> {
  const results = await Promise.all(Array.from({ length: n }, () => call().catch(() => false)));
  return { failed: results.filter((ok) => !ok).length };
}

export function median(values: number[]): number {
  return percentile(values, 0.5);
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
}

/** Prints rows as an aligned plain-text table. */
export function printTable(headers: string[], rows: string[][]): void {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
  console.log(line(headers));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
}
