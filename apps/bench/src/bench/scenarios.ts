/**
 * The side-by-side scenarios against the local servers: cold burst, expiry boundary, warm
 * overhead and the fault matrix. Each returns a table; a client that cannot run a scenario gets
 * an "n/a (reason)" cell, a client that crashes gets "could not run (error)".
 */
import type { TokenFault } from '@visma-auth/testing';
import { fmt } from '../shared/stats.js';
import {
  baseline,
  type Client,
  type ClientSetup,
  type Contender,
  contenders,
} from './contenders.js';
import { compare, describeError, steadyLoad, within } from './measure.js';
import type { Servers } from './servers.js';
import { type BenchClient, LONG, OUTAGE, SHORT } from './setup.js';

export interface Table {
  title: string;
  intro: string;
  headers: string[];
  rows: string[][];
}

export interface Headline {
  name: string;
  ours: boolean;
  burstTokenRequests?: number;
  expiryFailed?: number;
  /** API 401s for expired tokens in the expiry-boundary run (the adapters retry them, so calls may still succeed). */
  expiry401?: number;
  warmRatio?: number;
  heapKB?: number;
}

export const BURST = 200;
const EXPIRY_MS = 3_500;
const WARM = { rounds: 3, durationMs: 500, warmupMs: 300 };

const ok = (status: number) => status >= 200 && status < 300;

async function make(
  contender: Contender,
  servers: Servers,
  client: BenchClient,
  extra: Partial<ClientSetup> = {},
): Promise<Client> {
  return contender.create({ client, servers, origin: servers.apiUrl, ...extra });
}

/** A `Bearer` header with a 1 h token fetched directly, for the static-header baselines. */
export async function staticHeader(servers: Servers): Promise<string> {
  const res = await fetch(servers.tokenUrl, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      scope: 'visma_api:read',
      client_id: LONG.clientId,
      client_secret: LONG.clientSecret,
    }),
  });
  return `Bearer ${((await res.json()) as { access_token: string }).access_token}`;
}

function failure(error: unknown): string {
  return `could not run (${describeError(error)})`;
}

export async function coldBurst(
  servers: Servers,
  headlines: Map<string, Headline>,
): Promise<Table> {
  const rows: string[][] = [];
  for (const contender of contenders) {
    let client: Client | undefined;
    try {
      client = await make(contender, servers, LONG);
      await servers.reset();
      const t0 = performance.now();
      const results = await Promise.all(
        Array.from({ length: BURST }, () =>
          (client as Client).call(`${servers.apiUrl}/burst`).then(ok, () => false),
        ),
      );
      const ms = performance.now() - t0;
      const tokenRequests = (await servers.counts()).token;
      headline(headlines, contender).burstTokenRequests = tokenRequests;
      rows.push([
        contender.name,
        String(tokenRequests),
        String(results.filter((r) => !r).length),
        fmt(ms),
      ]);
    } catch (error) {
      rows.push([contender.name, failure(error), '', '']);
    } finally {
      await client?.close();
    }
  }
  rows.push(['static header (baseline)', '0 (token fetched beforehand)', '0', '-']);
  return {
    title: 'Cold burst',
    intro: `${BURST} concurrent calls to the protected API on a client that has no token yet (1 h tokens). Ideal: 1 token request.`,
    headers: ['client', 'token requests', 'failed calls', 'wall time ms'],
    rows,
  };
}

export async function expiryBoundary(
  servers: Servers,
  headlines: Map<string, Headline>,
): Promise<Table> {
  const rows: string[][] = [];
  const header = await staticHeader(servers);
  const baselines = new Map<string, string[]>();
  for (const transport of ['fetch', 'undici', 'axios'] as const) {
    const b = baseline(transport, header);
    const call = async () => ok(await b.call(`${servers.apiUrl}/expiry`));
    // Warm the transport up first (connections, JIT), as the clients are warm when measured.
    await steadyLoad(call, { durationMs: 300 });
    const before = await servers.apiCounts();
    const r = await steadyLoad(call, { durationMs: EXPIRY_MS });
    const after = await servers.apiCounts();
    await b.close();
    baselines.set(transport, [
      `static header, ${transport} (baseline)`,
      `${r.failed} of ${fmt(r.calls)}`,
      r.p50.toFixed(1),
      r.p99.toFixed(1),
      r.max.toFixed(1),
      '0',
      String(after.expired - before.expired),
    ]);
  }
  for (const contender of contenders) {
    let client: Client | undefined;
    try {
      client = await make(contender, servers, SHORT);
      const c = client;
      // Warm: the first token and the transport's connections, as for the baselines.
      await steadyLoad(async () => ok(await c.call(`${servers.apiUrl}/expiry`)), {
        durationMs: 300,
      });
      const since = Date.now();
      const before = await servers.apiCounts();
      const r = await steadyLoad(async () => ok(await c.call(`${servers.apiUrl}/expiry`)), {
        durationMs: EXPIRY_MS,
      });
      const after = await servers.apiCounts();
      const tokenRequests = await servers.tokenRequests({ since });
      const expired401 = after.expired - before.expired;
      headline(headlines, contender).expiryFailed = r.failed;
      headline(headlines, contender).expiry401 = expired401;
      rows.push([
        contender.name,
        `${r.failed} of ${fmt(r.calls)}`,
        r.p50.toFixed(1),
        r.p99.toFixed(1),
        r.max.toFixed(1),
        String(tokenRequests),
        String(expired401),
      ]);
    } catch (error) {
      rows.push([contender.name, failure(error), '', '', '', '', '']);
    } finally {
      await client?.close();
    }
  }
  rows.push(...baselines.values());
  return {
    title: 'Expiry boundary (2 s tokens)',
    intro: `8 callers without pause for ${EXPIRY_MS / 1000} s on a warm client whose tokens live 2 s, so about two refreshes fall inside the run. The baselines send one long-lived token over the same transport. "API 401s (expired)" counts tokens the API rejected as expired, which a client that retries on 401 hides from its failed calls. Ideal: 0 failed calls, 0 API 401s, about ${Math.ceil(EXPIRY_MS / 1600)} token requests, latency close to the baseline.`,
    headers: [
      'client',
      'failed calls',
      'p50 ms',
      'p99 ms',
      'max ms',
      'token requests',
      'API 401s (expired)',
    ],
    rows,
  };
}

export async function warmOverhead(
  servers: Servers,
  headlines: Map<string, Headline>,
): Promise<Table> {
  const rows: string[][] = [];
  const header = await staticHeader(servers);
  for (const contender of contenders) {
    let client: Client | undefined;
    const b = baseline(contender.transport, header);
    try {
      client = await make(contender, servers, LONG);
      const c = client;
      const url = `${servers.apiUrl}/warm`;
      const result = await compare(
        async () => ok(await b.call(url)),
        async () => ok(await c.call(url)),
        WARM,
      );
      headline(headlines, contender).warmRatio = result.ratio;
      rows.push([
        contender.name,
        contender.transport,
        fmt(result.candidate.callsPerSecond),
        fmt(result.baseline.callsPerSecond),
        result.ratio.toFixed(2),
        `${fmt(result.candidate.cpuMicrosPerCall)} / ${fmt(result.baseline.cpuMicrosPerCall)}`,
      ]);
    } catch (error) {
      rows.push([contender.name, contender.transport, failure(error), '', '', '']);
    } finally {
      await client?.close();
      await b.close();
    }
  }
  return {
    title: 'Warm throughput',
    intro: `Calls/s with a cached token against the same transport sending a static header, 8 callers, median of ${WARM.rounds} alternating rounds of ${WARM.durationMs} ms (the servers verify an RS256 signature per call in their own process, so the ratio swings with machine load; client CPU per call is the steadier measure, and the warm overhead table below measures it without the servers' work). Ratio 1.00 = no overhead.`,
    headers: [
      'client',
      'transport',
      'calls/s',
      'baseline calls/s',
      'ratio',
      'client CPU µs/call (vs baseline)',
    ],
    rows,
  };
}

export function headline(map: Map<string, Headline>, contender: Contender): Headline {
  let h = map.get(contender.name);
  if (h === undefined) {
    h = { name: contender.name, ours: contender.ours };
    map.set(contender.name, h);
  }
  return h;
}

/** One fault case: what a client does when its token endpoint or API misbehaves once. */
interface FaultCase {
  name: string;
  describe: string;
  run?(contender: Contender, servers: Servers): Promise<string>;
  /** All clients at once (faults that cost wall time); the fault is shared, so no per-client request count. */
  runAll?(list: Contender[], servers: Servers): Promise<string[]>;
}

const okText = (status: number) => (ok(status) ? 'ok' : `HTTP ${status}`);
const errText = (error: unknown) => `fails: ${describeError(error)}`;

/** Creates one client per contender; a contender that cannot be set up yields its error text. */
async function makeAll(
  list: Contender[],
  servers: Servers,
  client: BenchClient,
  extra: Partial<ClientSetup> = {},
): Promise<(Client | string)[]> {
  return Promise.all(list.map((c) => make(c, servers, client, extra).catch(failure)));
}

async function closeAll(clients: (Client | string)[]): Promise<void> {
  await Promise.all(clients.map((c) => (typeof c === 'string' ? undefined : c.close())));
}

const FAULT_BUDGET_MS = 3_000;
/** Calls in the 401 storm case, which stops early (and says so) after twice the fault budget. */
const STORM_CALLS = 100;

async function single(
  contender: Contender,
  servers: Servers,
  faults: TokenFault[],
  setup: Partial<ClientSetup> = {},
  second = false,
): Promise<string> {
  const client = await make(contender, servers, LONG, setup);
  try {
    await servers.reset();
    await servers.failNext(...faults);
    const t0 = performance.now();
    const result = await within(
      client.call(`${servers.apiUrl}/fault`).then(
        (status) => (ok(status) ? 'ok' : `HTTP ${status}`),
        (error: unknown) => `fails: ${describeError(error)}`,
      ),
      FAULT_BUDGET_MS,
    );
    const ms = performance.now() - t0;
    const requests = (await servers.counts()).token;
    if (result === undefined)
      return `no answer after ${FAULT_BUDGET_MS / 1000} s (${requests} req.)`;
    let then = '';
    if (second) {
      const next = await within(
        client.call(`${servers.apiUrl}/again`).then(
          (status) => (ok(status) ? 'ok' : `HTTP ${status}`),
          (error: unknown) => `fails: ${describeError(error)}`,
        ),
        FAULT_BUDGET_MS,
      );
      then = `; next call ${next?.value ?? 'no answer'}`;
    }
    return `${result.value} (${requests} req., ${(ms / 1000).toFixed(1)} s)${then}`;
  } finally {
    await servers.reset();
    await client.close();
  }
}

export const faultCases: FaultCase[] = [
  {
    name: '503 ×2',
    describe: 'the next two token responses are 503 (OAuth error JSON)',
    run: (c, s) => single(c, s, [{ status: 503 }, { status: 503 }]),
  },
  {
    name: '429 + Retry-After: 1',
    describe: 'the next token response is 429 with `Retry-After: 1`',
    run: (c, s) => single(c, s, [{ status: 429, headers: { 'retry-after': '1' } }]),
  },
  {
    name: 'hang',
    describe: `the first token request of each client never gets an answer; ${FAULT_BUDGET_MS / 1000} s budget (ours run with \`timeoutMs: 1000\` here, default 10 s; all clients at once)`,
    async runAll(list, servers) {
      const clients = await makeAll(list, servers, LONG, { timeoutMs: 1_000 });
      try {
        await servers.reset();
        // One hang per client: every first token request hangs, later ones are answered.
        await servers.failNext(...clients.map(() => ({ hang: true })));
        return await Promise.all(
          clients.map(async (client) => {
            if (typeof client === 'string') return client;
            const t0 = performance.now();
            const r = await within(
              client.call(`${servers.apiUrl}/fault`).then(okText, errText),
              FAULT_BUDGET_MS,
            );
            const s = ((performance.now() - t0) / 1000).toFixed(1);
            return r === undefined
              ? `no answer after ${FAULT_BUDGET_MS / 1000} s`
              : `${r.value} (${s} s)`;
          }),
        );
      } finally {
        await servers.reset();
        await closeAll(clients);
      }
    },
  },
  {
    name: 'malformed 200',
    describe: 'the next token response is `200` with an HTML login page; then a second call',
    run: (c, s) =>
      single(
        c,
        s,
        [{ status: 200, body: '<html>login</html>', headers: { 'content-type': 'text/html' } }],
        {},
        true,
      ),
  },
  {
    name: 'invalid_client',
    describe: 'wrong client secret; 5 calls one after another',
    async run(contender, servers) {
      const client = await make(contender, servers, { ...LONG, clientSecret: 'wrong-secret' });
      try {
        await servers.reset();
        const outcomes: string[] = [];
        for (let i = 0; i < 5; i++) {
          const r = await within(
            client.call(`${servers.apiUrl}/fault`).then(
              (status) => (ok(status) ? 'ok' : `HTTP ${status}`),
              (error: unknown) => describeError(error),
            ),
            FAULT_BUDGET_MS,
          );
          outcomes.push(r?.value ?? 'no answer');
        }
        const failed = outcomes.filter((o) => o !== 'ok').length;
        return `${failed} of 5 fail: ${[...new Set(outcomes)].join(', ')} (${(await servers.counts()).token} req.)`;
      } finally {
        await client.close();
      }
    },
  },
  {
    name: 'endpoint down, token valid',
    describe:
      'a 5 s token is fetched, then every token request gets 503; 36 calls over the next 3.8 s, while the token is still valid (its `exp` has whole seconds, so it is valid for at least 4 s; all clients at once)',
    async runAll(list, servers) {
      const clients = await makeAll(list, servers, OUTAGE);
      try {
        await servers.reset();
        const first = await Promise.all(
          clients.map((c) =>
            typeof c === 'string' ? 0 : c.call(`${servers.apiUrl}/warm`).catch(() => 0),
          ),
        );
        const t0 = Date.now();
        await servers.failNext(...Array.from({ length: 5_000 }, () => ({ status: 503 })));
        return await Promise.all(
          clients.map(async (client, k) => {
            if (typeof client === 'string') return client;
            if (!ok(first[k] ?? 0)) return 'n/a (first call failed)';
            let failed = 0;
            for (let i = 0; i < 36; i++) {
              await new Promise((r) => setTimeout(r, Math.max(0, t0 + 300 + i * 100 - Date.now())));
              const r = await within(
                client.call(`${servers.apiUrl}/down`).then(ok, () => false),
                1_000,
              );
              if (r?.value !== true) failed++;
            }
            return failed === 0 ? 'ok: 0 of 36 failed' : `${failed} of 36 failed`;
          }),
        );
      } finally {
        await servers.reset();
        await closeAll(clients);
      }
    },
  },
  {
    name: 'API 401 once',
    describe: 'the API rejects the next valid token once (a revoked token)',
    async run(contender, servers) {
      const client = await make(contender, servers, LONG);
      try {
        await client.call(`${servers.apiUrl}/warm`);
        await servers.reset();
        await servers.rejectNext(1);
        const r = await within(
          client.call(`${servers.apiUrl}/rejected`).then(
            (status) =>
              ok(status) ? 'recovers (retried with a new token)' : `HTTP ${status} to the caller`,
            (error: unknown) => `fails: ${describeError(error)}`,
          ),
          FAULT_BUDGET_MS,
        );
        const second = await client.call(`${servers.apiUrl}/after`).catch(() => 0);
        const requests = (await servers.counts()).token;
        return `${r?.value ?? 'no answer'}; next call ${ok(second) ? 'ok' : `HTTP ${second}`} (${requests} req.)`;
      } finally {
        await servers.reset();
        await client.close();
      }
    },
  },
  {
    name: 'API 401 storm',
    describe: `the API rejects every token (a wrong tenant id) for ${STORM_CALLS} calls one after another`,
    async run(contender, servers) {
      const client = await make(contender, servers, LONG);
      try {
        await client.call(`${servers.apiUrl}/warm`);
        await servers.reset();
        // Enough rejections for every call and every retry.
        await servers.rejectNext(STORM_CALLS * 2);
        let unauthorized = 0;
        const end = performance.now() + 2 * FAULT_BUDGET_MS;
        let calls = 0;
        for (; calls < STORM_CALLS && performance.now() < end; calls++) {
          const status = await within(
            client.call(`${servers.apiUrl}/storm`).catch(() => 0),
            FAULT_BUDGET_MS,
          );
          if (status?.value === 401) unauthorized++;
        }
        const requests = (await servers.counts()).token;
        return `${requests} req. for ${calls} calls (${unauthorized} × HTTP 401 to the caller)`;
      } finally {
        await servers.reset();
        await client.close();
      }
    },
  },
  {
    name: 'cross-origin leak',
    describe:
      'the token belongs to one origin; a direct call to another origin, and a call that the token origin redirects (302) to another origin',
    async run(contender, servers) {
      const client = await make(contender, servers, LONG, { origin: servers.redirectUrl });
      try {
        await servers.reset();
        await client.call(`${servers.redirectUrl}/warm`);
        const ownOrigin = (await servers.redirectRequests()).some((r) => r.withToken);
        await client.call(`${servers.apiOtherOrigin}/direct`).catch(() => 0);
        await client.call(`${servers.redirectUrl}/start`).catch(() => 0);
        const other = await servers.apiRequests();
        const direct = other.find((r) => r.path === '/direct')?.withToken === true;
        const landing = other.find((r) => r.path === '/landing');
        const leaks = [direct ? 'direct call' : '', landing?.withToken ? 'redirect' : ''].filter(
          Boolean,
        );
        const notes = [
          landing === undefined ? 'redirect not followed' : '',
          ownOrigin ? '' : 'token never sent to its own origin',
        ].filter(Boolean);
        const verdict = leaks.length > 0 ? `LEAKS on ${leaks.join(' and ')}` : 'no leak';
        return notes.length > 0 ? `${verdict} (${notes.join('; ')})` : verdict;
      } finally {
        await client.close();
      }
    },
  },
];

export async function faultMatrix(servers: Servers, budgetMs: number): Promise<Table> {
  const end = performance.now() + budgetMs;
  const rows: string[][] = [];
  for (const fault of faultCases) {
    const row = [`**${fault.name}**: ${fault.describe}`];
    if (performance.now() > end) {
      row.push(...contenders.map(() => 'n/a (bench time budget spent)'));
    } else if (fault.runAll !== undefined) {
      row.push(
        ...(await fault
          .runAll(contenders, servers)
          .catch((error: unknown) => contenders.map(() => failure(error)))),
      );
    } else {
      for (const contender of contenders) {
        if (performance.now() > end || fault.run === undefined) {
          row.push('n/a (bench time budget spent)');
          continue;
        }
        row.push(await fault.run(contender, servers).catch((error: unknown) => failure(error)));
      }
    }
    rows.push(row);
  }
  return {
    title: 'Fault matrix',
    intro:
      'One fault at a time on a fresh client (1 h tokens unless stated). "req." = token requests the local Visma Connect received during the case. Errors are shown by their typed `code`, or by class name for clients without typed errors.',
    headers: ['fault', ...contenders.map((c) => c.name)],
    rows,
  };
}
