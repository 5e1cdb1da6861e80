import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { ADMIN_PREFIX, handleAdmin } from './admin.js';
import { ClientRegistry } from './client-registry.js';
import { ServerClock } from './clock.js';
import { DEMO_CLIENT } from './demo-client.js';
import { discoveryDocument, PATHS } from './discovery.js';
import { FaultQueue, faultReply, isDelayOnly, wait } from './faults.js';
import { closeServer, flatHeaders, json, listen, type Reply, readBody, send } from './http.js';
import { attachInternals } from './internals.js';
import { redactBody, redactHeaders } from './redact.js';
import { ReplayStore } from './replay-store.js';
import { RequestLog } from './request-log.js';
import { createSigningKey, sharedSigningKey } from './signing-key.js';
import { handleTokenRequest } from './token-endpoint.js';
import type {
  MockApi,
  MockConnect,
  MockConnectCounts,
  MockConnectOptions,
  RecordedRequest,
  TokenFault,
} from './types.js';

const zeroCounts = (): MockConnectCounts => ({ token: 0, issued: 0, discovery: 0, jwks: 0 });

/**
 * Starts a local Visma Connect on 127.0.0.1 (a free port by default): discovery, JWKS and a
 * client_credentials token endpoint issuing RS256 JWTs, with a request log and fault injection;
 * with `admin: true` also counters, reset and faults over HTTP for tests in other processes.
 * @example
 * const connect = await startMockConnect();
 * const res = await fetch(connect.tokenUrl, {
 *   method: 'POST',
 *   body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'visma_api:read',
 *     client_id: 'demo-client', client_secret: 'demo-secret' }),
 * });
 * await connect.close();
 */
export async function startMockConnect(options: MockConnectOptions = {}): Promise<MockConnect> {
  const lifetimeSeconds = options.tokenLifetimeSeconds ?? 3600;
  if (!(Number.isInteger(lifetimeSeconds) && lifetimeSeconds > 0)) {
    throw new TypeError('tokenLifetimeSeconds must be a positive whole number of seconds.');
  }
  const key = options.uniqueKey ? await createSigningKey() : await sharedSigningKey();
  const registry = new ClientRegistry();
  for (const client of options.clients ?? [DEMO_CLIENT]) registry.register(client);
  const clock = new ServerClock();
  const replay = new ReplayStore();
  const faults = new FaultQueue();
  const log = new RequestLog<RecordedRequest>(options.maxRecordedRequests ?? 10_000);
  let counts = zeroCounts();
  // Mock APIs started with this connect, for the admin routes.
  const apis = new Set<MockApi>();
  // Aborted by reset() and close() to end hanging and delayed token responses.
  let lifecycle = new AbortController();

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      send(
        res,
        json(500, { error: 'server_error', error_description: 'Mock failure.' }),
        clock.now(),
      );
    });
  });
  const url = await listen(server, options.port ?? 0, options.host ?? '127.0.0.1');
  const issuer = options.issuer ?? url;
  const tokenUrl = url + PATHS.token;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://mock').pathname;
    if (options.admin && (path === ADMIN_PREFIX || path.startsWith(`${ADMIN_PREFIX}/`))) {
      // Admin traffic is the test talking to the mock: not logged, not counted.
      const body = await readBody(req);
      const target = { connect, apis: () => [...apis] };
      const reply = handleAdmin(path, req.method ?? 'GET', req.socket.remoteAddress, body, target);
      send(res, reply, clock.now());
      return;
    }
    const record: RecordedRequest = {
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      at: Date.now(),
      status: 0,
      headers: redactHeaders(flatHeaders(req)),
    };
    const body = await readBody(req);
    if (body) record.body = redactBody(body, registry.secrets());
    log.push(record);
    const reply = await route(req, res, body, record);
    if (reply === undefined || res.destroyed) return;
    record.status = reply.status;
    send(res, reply, clock.now());
  }

  async function route(
    req: IncomingMessage,
    res: ServerResponse,
    body: string | undefined,
    record: RecordedRequest,
  ): Promise<Reply | undefined> {
    const path = new URL(req.url ?? '/', 'http://mock').pathname;
    const method = req.method ?? 'GET';
    if (path === PATHS.discovery || path === PATHS.jwks) {
      counts[path === PATHS.jwks ? 'jwks' : 'discovery']++;
      if (method !== 'GET' && method !== 'HEAD') {
        return json(
          405,
          { error: 'invalid_request', error_description: 'Use GET.' },
          { allow: 'GET, HEAD' },
        );
      }
      return path === PATHS.jwks
        ? json(200, { keys: [key.publicJwk] })
        : json(200, discoveryDocument(url, issuer, registry.scopes()));
    }
    if (path !== PATHS.token) {
      return json(404, { error: 'not_found', error_description: `No endpoint at ${path}.` });
    }
    counts.token++;
    if (method !== 'POST') {
      const description = 'The token endpoint only accepts POST.';
      return json(
        405,
        { error: 'invalid_request', error_description: description },
        { allow: 'POST' },
      );
    }
    const fault = faults.take();
    if (fault && !(await applyDelay(fault, res))) return undefined;
    if (fault && !isDelayOnly(fault)) return faultReply(fault);
    const reply = await handleTokenRequest(req, body, record, {
      registry,
      clock,
      replay,
      key,
      issuer,
      tokenUrl,
      audience: options.audience,
      lifetimeSeconds,
    });
    if (reply.issued) counts.issued++;
    return reply;
  }

  /** Waits out a fault's delay or hang; false when the client left or the server reset/closed. */
  async function applyDelay(fault: TokenFault, res: ServerResponse): Promise<boolean> {
    if (!fault.hang && !fault.delayMs) return true;
    const clientGone = new AbortController();
    const onClose = () => clientGone.abort();
    res.once('close', onClose);
    const signal = AbortSignal.any([lifecycle.signal, clientGone.signal]);
    const full = await wait(fault.hang ? undefined : fault.delayMs, signal);
    res.off('close', onClose);
    if (!full) res.destroy();
    return full;
  }

  const connect: MockConnect = {
    url,
    issuer,
    tokenUrl,
    jwksUrl: url + PATHS.jwks,
    discoveryUrl: url + PATHS.discovery,
    ...(options.admin ? { adminUrl: url + ADMIN_PREFIX } : {}),
    get requests() {
      return log.list((r) => ({ ...r, headers: { ...r.headers } }));
    },
    get counts() {
      return { ...counts };
    },
    now: () => clock.now(),
    registerClient: (client) => registry.register(client),
    failNext: (...list) => faults.push(list),
    setClockOffset: (ms) => clock.setOffset(ms),
    reset() {
      faults.clear();
      counts = zeroCounts();
      log.clear();
      clock.setOffset(0);
      replay.clear();
      lifecycle.abort();
      lifecycle = new AbortController();
    },
    async close() {
      lifecycle.abort();
      await closeServer(server);
    },
    [Symbol.asyncDispose]: () => connect.close(),
  };
  attachInternals(connect, {
    publicKeys: () => ({ keys: [key.publicJwk] }),
    attachApi(api) {
      apis.add(api);
      return () => apis.delete(api);
    },
  });
  return connect;
}
