/**
 * One service instance of the chaos soak: calls the local protected API at a steady rate through
 * one adapter (fetch, axios or Nest), sharing tokens through Redis with the other instances.
 * It reports every call's outcome to the harness over IPC and never prints a token or secret:
 * the harness scans everything it writes.
 */
import 'reflect-metadata';
import {
  decodeAccessToken,
  isVismaAuthError,
  type VismaTokenProviderOptions,
} from '@visma-auth/core';
import { createRedisTokenCache } from '@visma-auth/redis';
import { createClient } from 'redis';
import { serveCommands } from '../shared/child.js';
import { settledHeap, sleep } from '../shared/stats.js';
import { createAdapter } from './adapters.js';

/** One API call as the harness sees it. */
export interface CallRecord {
  /** Epoch ms at which the call started. */
  t: number;
  ms: number;
  tenant: string;
  ok: boolean;
  /** `VismaAuthError.code`, `HTTP_<status>` for an API answer that was not 2xx, or `UNTYPED:<name>`. */
  code?: string;
  /** A token this instance already used successfully was still usable when the call started. */
  validToken: boolean;
}

export interface WorkerReport {
  records: CallRecord[];
  heapWarm: number;
  heapEnd: number;
  unhandled: number;
  redisErrors: number;
}

const env = process.env;
const tenants = (env.TENANTS ?? '').split(',').filter(Boolean);
const lifetimeMs = Number(env.LIFETIME_S) * 1000;
// The provider never hands out a token within 10 % of its life of expiry (its default cap).
const skewMs = lifetimeMs * 0.1;
const rateMs = Number(env.RATE_MS ?? '100');

let unhandled = 0;
process.on('unhandledRejection', (reason) => {
  unhandled++;
  console.error(`unhandled rejection: ${describe(reason)}`);
});
process.on('uncaughtException', (error) => {
  unhandled++;
  console.error(`uncaught exception: ${describe(error)}`);
});

let redisErrors = 0;
const redis = createClient({
  url: env.REDIS_URL,
  socket: { reconnectStrategy: () => 100, connectTimeout: 1000 },
});
redis.on('error', (error: { code?: string }) => {
  redisErrors++;
  // Only the first of a burst, and only the code: the URL is harmless, but keep logs short.
  if (redisErrors % 50 === 1) console.warn(`redis client error (${error.code ?? 'no code'})`);
});
await redis.connect();

const cache = createRedisTokenCache({ client: redis, encryptionKey: env.ENCRYPTION_KEY });
const options: VismaTokenProviderOptions = {
  clientId: env.CLIENT_ID ?? '',
  clientSecret: env.CLIENT_SECRET ?? '',
  tokenUrl: env.TOKEN_URL ?? '',
  scopes: env.SCOPES ?? '',
  cache,
  // A hang must end well inside a 2-3 s token's life; Visma answers in well under a second.
  timeoutMs: 1_500,
  deadlineMs: 5_000,
  // Every log line the provider writes goes to the harness' secret scan.
  logger: {
    debug: (...args: unknown[]) => console.log('debug', ...args),
    info: (...args: unknown[]) => console.log('info', ...args),
    warn: (...args: unknown[]) => console.warn('warn', ...args),
    error: (...args: unknown[]) => console.error('error', ...args),
  },
};

// Expiry (ms) of the newest token per tenant that the API accepted from this instance.
const lastGood = new Map<string, number>();
const onAccepted = (tenant: string, authorization: string | undefined) => {
  const exp = decodeAccessToken(authorization?.replace(/^Bearer /, '') ?? '')?.payload.exp;
  if (exp !== undefined) lastGood.set(tenant, Math.max(lastGood.get(tenant) ?? 0, exp * 1000));
};

const adapter = await createAdapter(env.ADAPTER ?? 'fetch', {
  options,
  apiUrl: env.API_URL ?? '',
  onAccepted,
});

const records: CallRecord[] = [];
let running = false;
let inFlight = 0;
let loop: Promise<void> | undefined;
let heapWarm = 0;

async function oneCall(tenant: string, seq: number): Promise<void> {
  const t = Date.now();
  // JWT `exp` has whole seconds and this instance's clock is the server's. A call counts as made
  // with a valid token only if a busy machine's 1 s between here and the API's check cannot expire it.
  const validToken = (lastGood.get(tenant) ?? 0) - skewMs - 1000 > t;
  const record: CallRecord = { t, ms: 0, tenant, ok: false, validToken };
  inFlight++;
  try {
    const status = await adapter.call(`/soak/${env.WORKER_ID}/${seq}`, tenant);
    record.ok = status >= 200 && status < 300;
    if (!record.ok) record.code = `HTTP_${status}`;
  } catch (error) {
    record.code = isVismaAuthError(error) ? typedCode(error) : `UNTYPED:${describe(error)}`;
    console.error(`call failed: ${record.code}`);
  } finally {
    inFlight--;
    record.ms = Date.now() - t;
    records.push(record);
  }
}

async function steady(): Promise<void> {
  let seq = 0;
  // Bounded: stops on `stop`, and never runs longer than 15 minutes or 200k calls.
  const hardEnd = Date.now() + 15 * 60_000;
  while (running && Date.now() < hardEnd && seq < 200_000) {
    const tenant = tenants[seq % tenants.length] ?? '';
    // Fire and go on, like a service under steady traffic; cap what is in flight.
    if (inFlight < 50) void oneCall(tenant, seq++);
    await sleep(rateMs);
  }
}

serveCommands(async (command) => {
  if (command.cmd === 'warmup') {
    running = true;
    loop = steady();
    await sleep(Number(command.ms));
    heapWarm = settledHeap();
    return { heapWarm };
  }
  if (command.cmd === 'stop') {
    running = false;
    await loop;
    const drainEnd = Date.now() + 10_000;
    while (inFlight > 0 && Date.now() < drainEnd) await sleep(20);
    const report: WorkerReport = {
      records,
      heapWarm,
      heapEnd: settledHeap(),
      unhandled,
      redisErrors,
    };
    return report;
  }
  if (command.cmd === 'exit') {
    await adapter.close();
    await cache.close();
    redis.destroy();
    setTimeout(() => process.exit(0), 50);
    return {};
  }
  throw new Error(`unknown command ${command.cmd}`);
});
process.send?.({ type: 'ready' });

/** The error's code, with the HTTP status and OAuth `error` when it has them (safe fields). */
function typedCode(error: { code: string; httpStatus?: unknown; error?: unknown }): string {
  const status = typeof error.httpStatus === 'number' ? ` ${error.httpStatus}` : '';
  const oauth = typeof error.error === 'string' ? ` ${error.error}` : '';
  return `${error.code}${status}${oauth}`;
}

function describe(value: unknown): string {
  if (value instanceof Error)
    return `${value.name}${'code' in value ? ` ${String(value.code)}` : ''}`;
  return typeof value;
}
