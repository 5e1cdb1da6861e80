import { startRedirectServer } from '@visma-auth/testing';
import {
  startTestServers,
  type TestServers,
  trackUnhandledRejections,
} from '@visma-auth-internal/adapter-conformance';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createVismaFetch } from '../src/index.js';

let servers: TestServers;
let rejections: ReturnType<typeof trackUnhandledRejections>;

beforeEach(async () => {
  servers = await startTestServers({ clientId: 'fetch-tests' });
  rejections = trackUnhandledRejections();
});

afterEach(async () => {
  // Let a stray rejection surface before checking.
  await new Promise((resolve) => setImmediate(resolve));
  rejections.stop();
  await servers.close();
  expect(rejections.seen).toEqual([]);
});

// What every adapter promises runs in test/conformance.test.ts; this is fetch's own.
describe('createVismaFetch over real HTTP', () => {
  it('does not carry the token across a cross-origin redirect', async () => {
    const { otherApi, provider } = servers;
    const redirector = await startRedirectServer({ location: `${otherApi.url}/landing` });
    try {
      const vfetch = createVismaFetch(provider, {
        baseUrl: redirector.url,
        allowedOrigins: [otherApi.url],
      });
      const res = await vfetch('/start');
      await res.arrayBuffer();
      expect(redirector.requests).toEqual([
        {
          method: 'GET',
          path: '/start',
          authorization: expect.stringMatching(/^Bearer /),
          status: 302,
        },
      ]);
      expect(otherApi.requests.map((r) => [r.path, r.authorization])).toEqual([
        ['/landing', undefined],
      ]);
      // The 401 came from the redirect target, not from the origin that got the token: no retry.
      expect(res.status).toBe(401);
      expect(redirector.requests).toHaveLength(1);
    } finally {
      await redirector.close();
    }
  });
});
