import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestServers, type TestServers } from '@visma-auth-internal/adapter-conformance';
import { Agent, request } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { vismaAuth } from '../src/index.js';

/** Each half is four times the 64 KiB the interceptor holds at most. */
const HALF = 256 * 1024;

/**
 * An API whose 401 has a large body sent in two halves: the second only once the test says so
 * (or after a hang guard), so a client that holds the whole body cannot show the response early.
 */
async function startLargeUnauthorizedApi(declareLength: boolean) {
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  const state = { requests: 0, ended: false };
  const server: Server = createServer((req, res) => {
    state.requests++;
    req.resume();
    const headers: Record<string, string> = { 'content-type': 'text/plain' };
    if (declareLength) headers['content-length'] = String(2 * HALF);
    res.writeHead(401, headers);
    res.write(Buffer.alloc(HALF, 'a'));
    const guard = setTimeout(release, 5_000);
    void released.then(() => {
      clearTimeout(guard);
      state.ended = true;
      res.end(Buffer.alloc(HALF, 'b'));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    state,
    release: () => release(),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let servers: TestServers;
let agent: Agent;

beforeEach(async () => {
  servers = await startTestServers({ clientId: 'undici-held-body' });
  agent = new Agent();
});

afterEach(async () => {
  await agent.close();
  await servers.close();
});

describe('a 401 with a body larger than the hold cap', () => {
  for (const [name, declareLength] of [
    ['streamed without a length', false],
    ['with a content-length', true],
  ] as const) {
    it(`is streamed through without a retry: ${name}`, async () => {
      const { connect, provider } = servers;
      const api = await startLargeUnauthorizedApi(declareLength);
      try {
        const dispatcher = agent.compose(vismaAuth(provider, { origins: [api.url] }));
        const res = await request(`${api.url}/v1/report`, { dispatcher });
        // The caller has the 401 while the API is still sending its body: nothing waited for it all.
        const endedBeforeResponse = api.state.ended;
        api.release();
        const body = await res.body.arrayBuffer();
        expect({ status: res.statusCode, endedBeforeResponse }).toEqual({
          status: 401,
          endedBeforeResponse: false,
        });
        expect(body.byteLength).toBe(2 * HALF);
        expect(api.state.requests).toBe(1);
        expect(connect.counts.token).toBe(1);
      } finally {
        await api.close();
      }
    });
  }

  it('a small 401 body is still held and the request retried', async () => {
    const { api, connect, provider } = servers;
    api.rejectNext(1);
    const dispatcher = agent.compose(vismaAuth(provider, { origins: [api.url] }));
    const res = await request(`${api.url}/v1/customer`, { dispatcher });
    await res.body.dump();
    expect(res.statusCode).toBe(200);
    expect(connect.counts.token).toBe(2);
  });
});
