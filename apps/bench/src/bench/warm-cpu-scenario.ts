/** The report's warm overhead table: client CPU per warm call, each adapter against a static header. */
import type { Table } from './scenarios.js';
import type { Servers } from './servers.js';
import { LONG } from './setup.js';
import { WARM_ADAPTERS, warmPair } from './warm-clients.js';
import { WARM_CPU_HEADERS, type WarmCpu, warmCpu, warmCpuRow, worstLine } from './warm-cpu.js';

/** Per adapter: up to 60 pairs of 200-call blocks, 10 s at most, so the five fit the bench's budget. */
const WARM_CPU = { pairs: 60, blockCalls: 200, budgetMs: 10_000 };

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
      rows.push([name, '', `could not run (${(error as Error).name})`, '', '', '', '']);
    } finally {
      await pair?.close();
    }
  }
  const summary = worstLine(results);
  return {
    table: {
      title: 'Warm overhead',
      intro: `Client CPU per warm call that each adapter adds over the same client sending a static \`Authorization\` header: sequential calls to a server in another process that answers 200 and checks nothing, in alternating blocks (static/adapter, then adapter/static) of ${WARM_CPU.blockCalls} calls, up to ${WARM_CPU.pairs} block pairs or ${WARM_CPU.budgetMs / 1000} s per adapter; CPU from \`process.cpuUsage()\`. "Added" is the median over block pairs of the difference, with the interquartile range of those differences; on a loaded machine the range is wide. Of the five, ${summary}`,
      headers: WARM_CPU_HEADERS,
      rows,
    },
    summary,
  };
}
