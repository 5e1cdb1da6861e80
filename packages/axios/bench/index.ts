/**
 * `pnpm bench` for @visma-auth/axios: warm overhead against plain axios with a static header,
 * and a side-by-side table with axios-oauth-client. Every figure is measured in this run against
 * the same local servers; nothing is hard-coded. Bounded < 90 s.
 */
import { VismaTokenProvider } from '@visma-auth/core';
import { type Contender, contenders, plainAxios } from './contenders.js';
import {
  burst,
  type Comparison,
  compare,
  printTable,
  startServerProcess,
  steadyLoad,
} from './harness.js';
import { BENCH_CLIENT, SHORT_CLIENT } from './server-process.js';

const WARM = { rounds: 8, durationMs: 1_000, warmupMs: 2_000 };
const PEER_WARM = { rounds: 4, durationMs: 1_000 };
const EXPIRY_MS = 5_000;
const BURST = 200;

const hardStop = setTimeout(() => {
  console.error('bench: exceeded 90 s, stopping');
  process.exit(1);
}, 90_000);

const servers = await startServerProcess();
const startedAt = performance.now();
try {
  const seed = new VismaTokenProvider({
    clientId: BENCH_CLIENT.clientId,
    clientSecret: BENCH_CLIENT.clientSecret,
    scopes: 'visma_api:read',
    tokenUrl: servers.tokenUrl,
  });
  const baseline = plainAxios(servers, await seed.getAuthorizationHeader());
  await seed.close();
  const list = contenders(servers);

  console.log(`Node ${process.version}, servers in a separate process, 8 concurrent callers.\n`);
  const ours = list[0] as Contender;
  const oursClient = await ours.create(BENCH_CLIENT);
  const headline = await compare(baseline, oursClient.call, WARM);
  await oursClient.close();
  const { ratio } = headline;
  console.log(
    `Warm calls/s, median of ${WARM.rounds} alternating rounds of ${WARM.durationMs} ms:`,
  );
  console.log(
    `  plain axios + static header   ${headline.a.callsPerSecond.toFixed(0)} calls/s, client CPU ${headline.a.cpuMicrosPerCall.toFixed(0)} µs/call`,
  );
  console.log(
    `  withVismaAuth                 ${headline.b.callsPerSecond.toFixed(0)} calls/s, client CPU ${headline.b.cpuMicrosPerCall.toFixed(0)} µs/call`,
  );
  console.log(
    `  ratio (median of per-round)   ${ratio.toFixed(3)} (target >= 0.95: ${ratio >= 0.95 ? 'met' : 'NOT met'})`,
  );
  // The servers verify an RS256 signature per call, so throughput swings with machine load;
  // client CPU per call is the steadier measure of what the wrapper itself adds.
  console.log(
    `  ratio of the medians          ${(headline.b.callsPerSecond / headline.a.callsPerSecond).toFixed(3)}; client CPU added ${(headline.b.cpuMicrosPerCall - headline.a.cpuMicrosPerCall).toFixed(0)} µs/call\n`,
  );

  const rows: string[][] = [];
  for (const contender of list) {
    rows.push(await measure(contender, contender === ours ? headline : undefined));
  }
  console.log(
    `Side by side (burst: ${BURST} concurrent calls on a cold client; expiry: ${EXPIRY_MS / 1000} s of load with 2 s tokens; warm: vs plain axios with a static header):\n`,
  );
  printTable(
    [
      'client',
      'token requests (burst)',
      'failed (burst)',
      'failed (expiry)',
      'p99 ms (expiry)',
      'token requests (expiry)',
      'warm calls/s',
      'baseline calls/s',
      'warm ratio',
      'client CPU µs/call (vs baseline)',
    ],
    rows,
  );
  console.log(`\nTotal ${((performance.now() - startedAt) / 1000).toFixed(1)} s.`);

  async function measure(contender: Contender, warm?: Comparison): Promise<string[]> {
    const row = [contender.name];
    try {
      await servers.reset();
      const cold = await contender.create(BENCH_CLIENT);
      const burstResult = await burst(cold.call, BURST);
      row.push(String(await servers.tokenCount()), String(burstResult.failed));

      const short = await contender.create(SHORT_CLIENT);
      await short.call().catch(() => false);
      await servers.reset();
      const expiry = await steadyLoad(short.call, { durationMs: EXPIRY_MS });
      row.push(
        `${expiry.failed} of ${expiry.calls}`,
        expiry.p99Ms.toFixed(1),
        String(await servers.tokenCount()),
      );
      await short.close();

      const measured = warm ?? (await compare(baseline, cold.call, PEER_WARM));
      await cold.close();
      row.push(
        measured.b.callsPerSecond.toFixed(0),
        measured.a.callsPerSecond.toFixed(0),
        measured.ratio.toFixed(3),
        `${measured.b.cpuMicrosPerCall.toFixed(0)} / ${measured.a.cpuMicrosPerCall.toFixed(0)}`,
      );
    } catch (error) {
      row.push(`could not run: ${String((error as Error).message ?? error).slice(0, 80)}`);
    }
    return row;
  }
} finally {
  servers.close();
  clearTimeout(hardStop);
}
process.exit(0);
