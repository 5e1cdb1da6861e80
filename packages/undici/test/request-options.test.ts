import { Writable } from 'node:stream';
import { startTestServers, type TestServers } from '@visma-auth-internal/adapter-conformance';
import { Agent, request, stream } from 'undici';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { type VismaRequestOptions, type VismaStreamOptions, vismaAuth } from '../src/index.js';

let servers: TestServers;
let agent: Agent;

beforeEach(async () => {
  servers = await startTestServers({ clientId: 'undici-request-options' });
  agent = new Agent();
});

afterEach(async () => {
  await agent.close();
  await servers.close();
});

// The README's shape: options typed once, handed to request() and stream() without a cast.
it('VismaRequestOptions and VismaStreamOptions go to request() and stream() as they are', async () => {
  const { api, provider } = servers;
  const dispatcher = agent.compose(vismaAuth(provider, { origins: [api.url] }));

  const options: VismaRequestOptions = { dispatcher, vismaAuth: { tenantId: 'tenant-b' } };
  const res = await request(`${api.url}/v1/whoami`, options);
  expect(await res.body.json()).toMatchObject({ tenant_id: 'tenant-b' });

  const chunks: Buffer[] = [];
  const noToken: VismaStreamOptions = { dispatcher, method: 'GET', vismaAuth: false };
  let status = 0;
  await stream(`${api.url}/v1/whoami`, noToken, ({ statusCode }) => {
    status = statusCode;
    return new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk);
        done();
      },
    });
  });
  expect(status).toBe(401);
  expect(api.requests.map((r) => r.authorization?.startsWith('Bearer ') ?? false)).toEqual([
    true,
    false,
  ]);
});
