/**
 * `pnpm --filter @visma-auth-internal/bench bench:warm`: the warm CPU table alone, with knobs for
 * looking into one adapter. Runs against the bench's servers in their own process.
 *
 *   --adapter fetch,axios   adapters to measure (default: all)
 *   --pairs 40 --block 250  ABBA block pairs and sequential calls per block
 *   --budget 60             seconds per adapter at most
 *   --loop adapter|baseline --calls 100000
 *                           instead of the table: only that side, N sequential calls after a
 *                           warm-up, between "loop start" and "loop end" lines; run it under
 *                           `node --cpu-prof` to see where the time goes; prints CPU and heap
 *                           bytes allocated per call (from V8's GC records)
 */
import { parseArgs } from 'node:util';
import { fmt, textTable } from '../shared/stats.js';
import { measureAllocated } from './allocated-bytes.js';
import { startServers } from './servers.js';
import { LONG } from './setup.js';
import { WARM_ADAPTERS, type WarmAdapter, warmPair } from './warm-clients.js';
import { WARM_CPU_HEADERS, type WarmCpu, warmCpu, warmCpuRow, worstLine } from './warm-cpu.js';

const { values } = parseArgs({
  options: {
    adapter: { type: 'string' },
    pairs: { type: 'string', default: '40' },
    block: { type: 'string', default: '250' },
    budget: { type: 'string', default: '60' },
    loop: { type: 'string' },
    calls: { type: 'string', default: '100000' },
  },
});
const adapters = (values.adapter?.split(',') ?? [...WARM_ADAPTERS]) as WarmAdapter[];
for (const a of adapters) {
  if (!WARM_ADAPTERS.includes(a)) throw new Error(`unknown adapter ${a}`);
}

const servers = await startServers();
let exitCode = 0;
try {
  const res = await fetch(servers.tokenUrl, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      scope: 'visma_api:read',
      client_id: LONG.clientId,
      client_secret: LONG.clientSecret,
    }),
  });
  const authorization = `Bearer ${((await res.json()) as { access_token: string }).access_token}`;
  const setup = {
    client: LONG,
    tokenUrl: servers.tokenUrl,
    origin: servers.plainUrl,
    authorization,
  };
  const url = `${servers.plainUrl}/warm`;
  const results: WarmCpu[] = [];
  for (const name of adapters) {
    const pair = await warmPair(name, setup);
    try {
      if (values.loop !== undefined) {
        const call = values.loop === 'baseline' ? pair.baseline : pair.adapter;
        const calls = Number(values.calls);
        for (let i = 0; i < 2_000; i++) await call(url);
        console.log(`loop start ${name} ${values.loop}`);
        const cpu = process.cpuUsage();
        const { bytes, collections } = await measureAllocated(async () => {
          for (let i = 0; i < calls; i++) await call(url);
        });
        const used = process.cpuUsage(cpu);
        console.log(`loop end ${name} ${values.loop}`);
        console.log(
          `${name} ${values.loop}: ${((used.user + used.system) / calls).toFixed(1)} µs CPU and ${fmt(bytes / calls, 0)} B of heap allocated per call over ${calls} calls (${collections} collections)`,
        );
      } else {
        results.push(
          await warmCpu(pair, url, {
            pairs: Number(values.pairs),
            blockCalls: Number(values.block),
            budgetMs: Number(values.budget) * 1000,
          }),
        );
      }
    } finally {
      await pair.close();
    }
  }
  if (results.length > 0) {
    console.log(textTable(WARM_CPU_HEADERS, results.map(warmCpuRow)));
    console.log(`Warm CPU per call: ${worstLine(results)}`);
  }
} catch (error) {
  console.error('bench:warm failed:', error);
  exitCode = 1;
} finally {
  await servers.close();
}
process.exit(exitCode);
