import {
  type MockApi,
  type MockConnect,
  startMockApi,
  startMockConnect,
} from '@visma-auth/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CASE_NAMES, type SmokeConfig } from '../src/cases.js';
import { runtimes } from '../src/runtimes.js';

const CLIENT = {
  clientId: 'runtime-smoke',
  clientSecret: 'runtime-smoke-secret',
  allowedScopes: ['visma_api:read'],
};

let connect: MockConnect;
let api: MockApi;
let otherApi: MockApi;

beforeEach(async () => {
  connect = await startMockConnect({ clients: [CLIENT] });
  api = await startMockApi({ connect });
  otherApi = await startMockApi({ connect });
});

afterEach(async () => {
  await Promise.all([api.close(), otherApi.close(), connect.close()]);
});

describe.each(runtimes)('on $name', (runtime) => {
  it('passes every smoke case against the local Visma Connect', async () => {
    const config: SmokeConfig = {
      tokenUrl: connect.tokenUrl,
      apiUrl: api.url,
      otherApiUrl: otherApi.url,
      clientId: CLIENT.clientId,
      clientSecret: CLIENT.clientSecret,
      scope: 'visma_api:read',
    };
    const started = performance.now();
    const results = await runtime.run(config);
    const ms = Math.round(performance.now() - started);
    console.log(`${runtime.name} ${await runtime.version()}: ${results.length} cases in ${ms} ms`);
    expect(results).toEqual(CASE_NAMES.map((name) => ({ name, ok: true })));
    // What the servers saw agrees: one token, one refresh, one for the Hono app's three
    // requests, and nothing for the other origin.
    expect(connect.counts.issued).toBe(3);
    expect(otherApi.requests.map((r) => r.authorization)).toEqual([undefined]);
    expect(api.requests.map((r) => r.authorization?.startsWith('Bearer '))).toEqual(
      Array(4).fill(true),
    );
  });
});
