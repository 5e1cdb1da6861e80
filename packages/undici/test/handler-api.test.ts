import { startTestServers, type TestServers } from '@visma-auth-internal/adapter-conformance';
import { Agent, type Dispatcher, request } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { vismaAuth } from '../src/index.js';

let servers: TestServers;
let agent: Agent;

beforeEach(async () => {
  servers = await startTestServers({ clientId: 'undici-handler-api' });
  agent = new Agent();
});

afterEach(async () => {
  await agent.close();
  await servers.close();
});

/** The handler undici 7's compose gives an interceptor for a request() call, caught as it passes. */
async function undici7WrapHandler(): Promise<Dispatcher.DispatchHandler> {
  let wrapped: Dispatcher.DispatchHandler | undefined;
  const catchHandler: Dispatcher.DispatcherComposeInterceptor = () => (_opts, handler) => {
    wrapped = handler;
    handler.onResponseError?.(null as never, new Error('caught for the test'));
    return true;
  };
  const dispatcher = agent.compose(catchHandler);
  await expect(request(`${servers.api.url}/`, { dispatcher })).rejects.toThrow(
    'caught for the test',
  );
  expect(wrapped?.constructor.name).toBe('WrapHandler');
  return wrapped as Dispatcher.DispatchHandler;
}

/**
 * Which handler API the next dispatcher was given for one warm call made with `handler`, to the
 * API's origin unless `origin` names another.
 */
async function apiSeenBelow(
  handler: Dispatcher.DispatchHandler,
  { retryOnUnauthorized = true, origin = servers.api.url } = {},
): Promise<string[]> {
  const { api, provider } = servers;
  await provider.getToken();
  const seen: string[] = [];
  const next: Dispatcher.Dispatch = (_opts, received) => {
    const methods = received as Record<string, unknown>;
    for (const name of ['onRequestStart', 'onHeaders']) {
      if (typeof methods[name] === 'function') seen.push(name);
    }
    return true;
  };
  const dispatch = vismaAuth(provider, { origins: [api.url], retryOnUnauthorized })(next);
  dispatch({ origin, path: '/v1/customer', method: 'GET' }, handler);
  return seen;
}

describe('the handler vismaAuth hands the next dispatcher', () => {
  it("stays in the older API for undici 7's WrapHandler, which compose wraps a request() caller in", async () => {
    const wrapped = await undici7WrapHandler();
    expect(await apiSeenBelow(wrapped)).toEqual(['onHeaders']);
    expect(await apiSeenBelow(wrapped, { retryOnUnauthorized: false })).toEqual(['onHeaders']);
    expect(await apiSeenBelow(wrapped, { origin: servers.otherApi.url })).toEqual(['onHeaders']);
  });

  it('uses the newer API for a handler of its own that speaks both', async () => {
    const both = { onRequestStart() {}, onHeaders: () => true } as Dispatcher.DispatchHandler;
    expect(await apiSeenBelow(both)).toEqual(['onRequestStart']);
  });

  it('uses the newer API for a handler that speaks only that one', async () => {
    const newer = { onRequestStart() {}, onResponseStart() {} } as Dispatcher.DispatchHandler;
    expect(await apiSeenBelow(newer)).toEqual(['onRequestStart']);
  });
});

/** Sends one GET through `dispatcher` with a handler in the newer API; resolves its status and body. */
function dispatchNewerApi(dispatcher: Dispatcher, origin: string, path: string) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    let status = 0;
    const chunks: Buffer[] = [];
    dispatcher.dispatch(
      { origin, path, method: 'GET' },
      {
        // undici 7 tells the two APIs apart by this method.
        onRequestStart() {},
        onResponseStart(_controller, statusCode) {
          status = statusCode;
        },
        onResponseData(_controller, chunk) {
          chunks.push(chunk);
        },
        onResponseEnd() {
          resolve({ status, body: Buffer.concat(chunks).toString() });
        },
        onResponseError(_controller, error) {
          reject(error);
        },
      },
    );
  });
}

describe('a caller whose handler speaks only the newer API', () => {
  it('gets the token, and a 401 is retried once with a fresh one', async () => {
    const { api, provider } = servers;
    const dispatcher = agent.compose(vismaAuth(provider, { origins: [api.url] }));
    expect((await dispatchNewerApi(dispatcher, api.url, '/v1/customer')).status).toBe(200);
    api.rejectNext(1);
    expect((await dispatchNewerApi(dispatcher, api.url, '/v1/customer')).status).toBe(200);
    const [first, rejected, retried] = api.requests.map((r) => r.authorization);
    expect(first).toMatch(/^Bearer \S+$/);
    expect(rejected).toBe(first);
    expect(retried).toMatch(/^Bearer \S+$/);
    expect(retried).not.toBe(rejected);
  });
});
