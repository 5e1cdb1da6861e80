/**
 * `@visma-auth/undici` as a contender: the interceptor on an undici `Agent`, called with
 * `request()` exactly as undici-oidc-interceptor is, so the two share one transport.
 */
import { VismaTokenProvider } from '@visma-auth/core';
import { vismaAuth } from '@visma-auth/undici';
import { Agent, request } from 'undici';
import type { Contender } from './contenders.js';
import { BENCH_SCOPE } from './setup.js';

export const undiciContender: Contender = {
  name: '@visma-auth/undici',
  ours: true,
  transport: 'undici',
  setup:
    '`new Agent().compose(vismaAuth(new VismaTokenProvider(...), { origins: [origin] }))`, defaults',
  async create({ client, servers, origin, timeoutMs }) {
    const provider = new VismaTokenProvider({
      clientId: client.clientId,
      clientSecret: client.clientSecret,
      scopes: BENCH_SCOPE,
      tokenUrl: servers.tokenUrl,
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
    });
    const agent = new Agent();
    const dispatcher = agent.compose(vismaAuth(provider, { origins: [new URL(origin).origin] }));
    return {
      async call(url) {
        const { statusCode, body } = await request(url, { dispatcher });
        await body.dump();
        return statusCode;
      },
      async close() {
        await provider.close();
        await agent.close();
      },
    };
  },
};
