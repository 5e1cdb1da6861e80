/**
 * The local Visma Connect, protected API and a redirect server in their own process, so the
 * clients measured do not share an event loop with the servers. Driven over IPC by `servers.ts`.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  startMockApi,
  startMockConnect,
  startRedirectServer,
  type TokenFault,
} from '@visma-auth/testing';
import { serveCommands } from '../shared/child.js';
import { BENCH_SCOPE, benchClients, FLEET_TENANTS } from './setup.js';

const connect = await startMockConnect({
  clients: benchClients().map((c) => ({
    ...c,
    allowedScopes: [BENCH_SCOPE],
    tenants: FLEET_TENANTS,
  })),
  maxRecordedRequests: 200_000,
});
const api = await startMockApi({ connect, maxRecordedRequests: 2_000 });
// The token's origin for the leak check: it answers /start with a redirect to another origin
// (`localhost` instead of `127.0.0.1`), where the protected API records what arrives.
const apiPort = new URL(api.url).port;
const redirect = await startRedirectServer({ location: `http://localhost:${apiPort}/landing` });
// A server that answers 200 to everything and checks nothing, for the warm CPU figures: what is
// measured there is the client's own work per call, with the least server time in between.
const plain = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '2' });
  res.end('ok');
});
plain.keepAliveTimeout = 60_000;
await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));

serveCommands((command) => {
  switch (command.cmd) {
    case 'counts':
      return connect.counts;
    case 'tokenRequests': {
      const { tenantId, since } = command as { tenantId?: string; since?: number };
      return connect.requests.filter(
        (r) =>
          r.path.startsWith('/connect/token') &&
          (tenantId === undefined || r.tenantId === tenantId) &&
          r.at >= (since ?? 0),
      ).length;
    }
    case 'reset':
      connect.reset();
      api.reset();
      redirect.reset();
      return null;
    case 'failNext':
      connect.failNext(...((command.faults as TokenFault[]) ?? []));
      return null;
    case 'rejectNext':
      api.rejectNext(Number(command.n ?? 1));
      return null;
    case 'apiCounts':
      return api.counts;
    case 'apiRequests':
      // Whether a token arrived, never the token itself.
      return api.requests.map((r) => ({
        path: r.path,
        status: r.status,
        withToken: r.authorization !== undefined,
      }));
    case 'redirectRequests':
      return redirect.requests.map((r) => ({
        path: r.path,
        withToken: r.authorization !== undefined,
      }));
    default:
      throw new Error(`unknown command ${command.cmd}`);
  }
});
process.on('disconnect', () => {
  plain.close();
  void Promise.all([redirect.close(), api.close(), connect.close()]).finally(() => process.exit(0));
});
process.send?.({
  type: 'ready',
  connectUrl: connect.url,
  tokenUrl: connect.tokenUrl,
  apiUrl: api.url,
  redirectUrl: redirect.url,
  apiOtherOrigin: `http://localhost:${apiPort}`,
  plainUrl: `http://127.0.0.1:${(plain.address() as AddressInfo).port}`,
});
