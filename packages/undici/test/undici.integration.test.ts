import { VismaConfigError } from '@visma-auth/core';
import { startRedirectServer } from '@visma-auth/testing';
import {
  createTestProvider,
  startTestServers,
  type TestServers,
} from '@visma-auth-internal/adapter-conformance';
import {
  Agent,
  type Dispatcher,
  EnvHttpProxyAgent,
  getGlobalDispatcher,
  interceptors,
  ProxyAgent,
  request,
  setGlobalDispatcher,
} from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type VismaDispatchOptions, vismaAuth } from '../src/index.js';
import { startTunnelProxy } from './proxy.js';
import { startTokenGateway } from './token-gateway.js';

let servers: TestServers;
const agents: Dispatcher[] = [];

function agent(...interceptors: Dispatcher.DispatcherComposeInterceptor[]) {
  const base = new Agent();
  agents.push(base);
  return base.compose(...interceptors);
}

/** `request()` with `vismaAuth` in its options, which undici hands to the dispatcher as is. */
function send(url: string, options: Partial<VismaDispatchOptions> & { dispatcher: Dispatcher }) {
  return request(url, options as Parameters<typeof request>[1]);
}

beforeEach(async () => {
  servers = await startTestServers({ clientId: 'undici-tests' });
});

afterEach(async () => {
  await Promise.all(agents.splice(0).map((a) => a.close()));
  await servers.close();
});

/** Runs `fn` with `dispatcher` as undici's global dispatcher, restoring the previous one after. */
async function withGlobalDispatcher(
  dispatcher: Dispatcher,
  fn: () => Promise<void>,
): Promise<void> {
  const previous = getGlobalDispatcher();
  setGlobalDispatcher(dispatcher);
  try {
    await fn();
  } finally {
    setGlobalDispatcher(previous);
  }
}

/** Global fetch of `${apiUrl}/v1/customer` answers 200. */
async function expectCustomers(apiUrl: string): Promise<void> {
  const res = await fetch(`${apiUrl}/v1/customer`);
  expect(res.status).toBe(200);
  await res.arrayBuffer();
}

// What every adapter promises runs in test/conformance.test.ts; this is undici's own.
describe('vismaAuth over real HTTP', () => {
  it("gives Node's global fetch the token for allowed origins only", async () => {
    const { api, otherApi, provider } = servers;
    await withGlobalDispatcher(agent(vismaAuth(provider, { origins: [api.url] })), async () => {
      const allowed = await fetch(`${api.url}/v1/whoami`);
      expect(allowed.status).toBe(200);
      expect(await allowed.json()).toMatchObject({ tenant_id: 'tenant-a' });
      const foreign = await fetch(`${otherApi.url}/v1/customer`);
      expect(foreign.status).toBe(401);
      await foreign.arrayBuffer();
    });
    expect(otherApi.requests.map((r) => r.authorization)).toEqual([undefined]);
    expect(api.requests.map((r) => r.authorization?.startsWith('Bearer '))).toEqual([true]);
  });

  it("lets the provider's own token request through a global dispatcher with '*'", async () => {
    const { api, connect, provider } = servers;
    await withGlobalDispatcher(agent(vismaAuth(provider, { origins: '*' })), () =>
      expectCustomers(api.url),
    );
    expect(
      connect.requests.filter((r) => r.path === '/connect/token')[0]?.headers,
    ).not.toHaveProperty('authorization');
  });

  it("lets the provider's own token request through '*' whatever its URL (a gateway)", async () => {
    const { api, connect } = servers;
    await using gateway = await startTokenGateway(connect.tokenUrl);
    const provider = createTestProvider(connect, {
      clientId: 'undici-tests',
      tokenUrl: gateway.tokenUrl,
      // A token request waiting on itself fails at the deadline: keep that short.
      deadlineMs: 3_000,
    });
    try {
      await withGlobalDispatcher(agent(vismaAuth(provider, { origins: '*' })), () =>
        expectCustomers(api.url),
      );
    } finally {
      await provider.close();
    }
    // One token request, sent without a bearer token (the client authenticates in the body).
    expect(gateway.authorizations).toEqual([undefined]);
    expect(connect.counts.token).toBe(1);
  });

  it('takes the tenant per request, and vismaAuth: false sends no token', async () => {
    const { api, provider } = servers;
    const dispatcher = agent(vismaAuth(provider, { origins: [api.url] }));
    const b = await send(`${api.url}/v1/whoami`, {
      dispatcher,
      vismaAuth: { tenantId: 'tenant-b' },
    });
    expect(await b.body.json()).toMatchObject({ tenant_id: 'tenant-b' });
    const none = await send(`${api.url}/v1/whoami`, { dispatcher, vismaAuth: false });
    expect(none.statusCode).toBe(401);
    await none.body.dump();
    expect(api.requests.map((r) => r.authorization === undefined)).toEqual([false, true]);
  });
});

describe('vismaAuth with the redirect interceptor', () => {
  // compose(a, b) runs b first: both orders must keep the token on its origin.
  const orders = {
    'redirect outside (each hop checked)': (auth: Dispatcher.DispatcherComposeInterceptor) =>
      agent(auth, interceptors.redirect({ maxRedirections: 2 })),
    'redirect inside (undici strips the header)': (auth: Dispatcher.DispatcherComposeInterceptor) =>
      agent(interceptors.redirect({ maxRedirections: 2 }), auth),
  };
  for (const [name, build] of Object.entries(orders)) {
    it(`sends no token across a redirect to another origin: ${name}`, async () => {
      const { otherApi, provider } = servers;
      await using redirector = await startRedirectServer({ location: `${otherApi.url}/landing` });
      const dispatcher = build(vismaAuth(provider, { origins: [redirector.url] }));
      const res = await request(`${redirector.url}/start`, { dispatcher });
      await res.body.dump();
      expect(redirector.requests.map((r) => r.authorization?.startsWith('Bearer '))).toEqual([
        true,
      ]);
      expect(otherApi.requests.map((r) => [r.path, r.authorization])).toEqual([
        ['/landing', undefined],
      ]);
      // The 401 came from the redirect target, not from the origin that got the token: no retry.
      expect(res.statusCode).toBe(401);
      expect(redirector.requests).toHaveLength(1);
    });
  }
});

describe('vismaAuth behind a corporate proxy', () => {
  it('composes with ProxyAgent and EnvHttpProxyAgent; the token goes to the API, not the proxy', async () => {
    const { api, otherApi, provider } = servers;
    const proxy = await startTunnelProxy();
    try {
      const origins = [api.url];
      const viaProxy = new ProxyAgent({ uri: proxy.url, proxyTunnel: true });
      const viaEnv = new EnvHttpProxyAgent({ httpProxy: proxy.url, noProxy: '' });
      agents.push(viaProxy, viaEnv);
      for (const dispatcher of [viaProxy, viaEnv].map((d) =>
        d.compose(vismaAuth(provider, { origins })),
      )) {
        const res = await request(`${api.url}/v1/whoami`, { dispatcher });
        expect(res.statusCode).toBe(200);
        await res.body.dump();
        const foreign = await request(`${otherApi.url}/v1/whoami`, { dispatcher });
        await foreign.body.dump();
      }
      const apiHost = new URL(api.url).host;
      expect(proxy.tunnels.filter((t) => t === apiHost)).toHaveLength(2);
      expect(proxy.proxyAuthorizations).toEqual([]);
      expect(api.requests.every((r) => r.authorization?.startsWith('Bearer '))).toBe(true);
      expect(otherApi.requests.map((r) => r.authorization)).toEqual([undefined, undefined]);
    } finally {
      await proxy.close();
    }
  });
});

describe('vismaAuth configuration', () => {
  it('fails at creation without origins, with a bad origin, or without a provider', () => {
    const { provider } = servers;
    const bad: unknown[] = [
      undefined,
      {},
      { origins: [] },
      { origins: ['*'] },
      { origins: 'all' },
      { origins: ['ftp://files.example.com'] },
    ];
    for (const options of bad) {
      expect(() => vismaAuth(provider, options as never)).toThrow(VismaConfigError);
      expect(() => vismaAuth(provider, options as never)).toThrow(
        expect.objectContaining({ option: 'origins' }),
      );
    }
    expect(() => vismaAuth(provider, { origins: ['http://api.example.com'] })).toThrow(
      expect.objectContaining({ option: 'origins' }),
    );
    expect(() => vismaAuth({} as never, { origins: ['https://api.example.com'] })).toThrow(
      expect.objectContaining({ option: 'provider' }),
    );
  });
});
