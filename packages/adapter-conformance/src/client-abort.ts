import type { VismaTokenSource } from '@visma-auth/core';
import type { ConformanceApp } from './app-adapter.js';
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

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
