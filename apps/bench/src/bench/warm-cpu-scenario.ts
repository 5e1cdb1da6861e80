/** The report's warm overhead table: client CPU per warm call, each adapter against a static header. */
import type { Table } from './scenarios.js';
import type { Servers } from './servers.js';
import { LONG } from './setup.js';
import { WARM_ADAPTERS, warmPair } from './warm-clients.js';
import { WARM_CPU_HEADERS, type WarmCpu, warmCpu, warmCpuRow, worstLine } from './warm-cpu.js';

/** Per adapter: up to 40 pairs of 200 calls a side, 8 s at most, so all of them fit the bench's budget. */
const WARM_CPU = { pairs: 40, blockCalls: 200, budgetMs: 8_000 };

export async function warmCpuOverhead(
  servers: Servers,
  authorization: string,
): Promise<{ table: Table; summary: string }> {
  const results: WarmCpu[] = [];
  const rows: string[][] = [];
  const setup = {
    client: LONG,
    tokenUrl: servers.tokenUrl,
    origin: servers.plainUrl,
    authorization,
  };
  for (const name of WARM_ADAPTERS) {
    let pair: Awaited<ReturnType<typeof warmPair>> | undefined;
    try {
      pair = await warmPair(name, setup);
      const result = await warmCpu(pair, `${servers.plainUrl}/warm`, WARM_CPU);
      results.push(result);
      rows.push(warmCpuRow(result));
    } catch (error) {
      const cells = [name, '', `could not run (${(error as Error).name})`];
      rows.push([...cells, ...WARM_CPU_HEADERS.slice(cells.length).map(() => '')]);
    } finally {
      await pair?.close();
    }
  }
  const summary = worstLine(results);
  return {
    table: {
      title: 'Warm overhead',
      intro: `Client CPU per warm call that each adapter adds over the same client sending a static \`Authorization\` header: sequential calls to a server in another process that answers 200 and checks nothing (for Express, Fastify and Hono, a whole request into the framework whose route makes that call). The two sides alternate call by call in ABBA order, ${WARM_CPU.blockCalls} calls a side per pair, up to ${WARM_CPU.pairs} pairs or ${WARM_CPU.budgetMs / 1000} s per adapter; each call's CPU is read with \`process.cpuUsage()\`, each side's slowest 10 % are dropped (the calls a garbage collection landed in), and "added" is the median over pairs of the difference of the means, with its interquartile range. "Added heap" is the heap the adapter allocates per call over the static side, measured between collections. For a framework, "no-op middleware" is the same static app with a middleware (hook on Fastify) that only sets a request property, measured the same way in alternate pairs (its heap too): what the framework charges any middleware, which the integration pays too. Of the ${WARM_ADAPTERS.length}, ${summary}`,
      headers: WARM_CPU_HEADERS,
      rows,
    },
    summary,
  };
}
