import { once } from 'node:events';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { VismaTokenSource } from '@visma-auth/core';
import { CONFORMANCE_ROUTE, type ConformanceApp } from './app-adapter.js';
import type { TestServers } from './test-servers.js';

/**
 * Whether a framework integration stops waiting for a token when its client goes away: the
 * token endpoint hangs, the client aborts its request to the app, and the signal the
 * integration passed to `getToken` must end up aborted (polled for up to 5 s).
 */
export async function abortsWhenClientLeaves(
  servers: TestServers,
  start: (provider: VismaTokenSource) => Promise<ConformanceApp>,
  path = '/whoami',
): Promise<boolean> {
  const { provider, connect } = servers;
  const signals: AbortSignal[] = [];
  const watching: VismaTokenSource = {
    getToken: (request) => {
      if (request?.signal) signals.push(request.signal);
      return provider.getToken(request);
    },
    invalidate: (request) => provider.invalidate(request),
  };
  connect.failNext({ hang: true });
  const app = await start(watching);
  try {
    const client = new AbortController();
    const pending = fetch(app.url + path, { signal: client.signal }).catch(() => undefined);
    for (let i = 0; i < 250 && signals.length === 0; i++) await sleep(20);
    client.abort();
    await pending;
    for (let i = 0; i < 250 && !signals[0]?.aborted; i++) await sleep(20);
    return signals.length === 1 && signals[0]?.aborted === true;
  } finally {
    await app.close();
  }
}

/**
 * What becomes of a call a route has already sent when its client goes away: the route relays a
 * call to a local server that holds its answer; once that call has arrived the client aborts its
 * own request, and the held call's connection is watched for up to `watchMs`. `'aborted'` when
 * it closed before an answer, `'kept'` when it was still open (it is then answered 200).
 */
export async function sentCallWhenClientLeaves(
  app: ConformanceApp,
  watchMs = 1000,
): Promise<'aborted' | 'kept'> {
  const held: ServerResponse[] = [];
  let aborted = false;
  const holder = createServer((_req, res) => {
    held.push(res);
    res.once('close', () => {
      if (!res.writableEnded) aborted = true;
    });
  });
  holder.listen(0, '127.0.0.1');
  await once(holder, 'listening');
  const heldUrl = `http://127.0.0.1:${(holder.address() as AddressInfo).port}/held`;
  try {
    const client = new AbortController();
    const pending = fetch(app.url + CONFORMANCE_ROUTE, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url: heldUrl, method: 'GET' }),
      signal: client.signal,
    }).catch(() => undefined);
    for (let i = 0; i < 250 && held.length === 0; i++) await sleep(20);
    if (held.length === 0) throw new Error('The route never sent the call to hold.');
    client.abort();
    await pending;
    for (let waited = 0; waited < watchMs && !aborted; waited += 20) await sleep(20);
    return aborted ? 'aborted' : 'kept';
  } finally {
    for (const res of held) if (!res.writableEnded) res.end('ok');
    holder.closeAllConnections();
    await new Promise((resolve) => holder.close(resolve));
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
