/**
 * Two service instances share one Redis, so Visma Connect sees one token request for both.
 *
 * Runs against a local Visma Connect and a redis-server it starts itself; set REDIS_URL to use
 * your Redis, and VISMA_CLIENT_ID / VISMA_CLIENT_SECRET / VISMA_SCOPES (and VISMA_TENANT_ID,
 * VISMA_TOKEN_URL) to use the real Visma Connect. VISMA_CACHE_KEY (32 bytes, base64) encrypts
 * the tokens in Redis; without it the demo makes up a key.
 */
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { VismaTokenProvider, type VismaTokenProviderOptions } from '@visma-auth/core';
import { createRedisTokenCache } from '@visma-auth/redis';
import { DEMO_CLIENT, startMockConnect, startRedisServer } from '@visma-auth/testing';
import { createClient } from 'redis';

const env = process.env;
const cleanup: (() => Promise<unknown>)[] = [];

try {
  // 1. Visma Connect: the real one when credentials are set, else a local one.
  let credentials: Pick<
    VismaTokenProviderOptions,
    'clientId' | 'clientSecret' | 'scopes' | 'tenantId' | 'tokenUrl'
  >;
  let tokenRequests: () => number | undefined = () => undefined;
  if (env.VISMA_CLIENT_ID && env.VISMA_CLIENT_SECRET && env.VISMA_SCOPES) {
    credentials = {
      clientId: env.VISMA_CLIENT_ID,
      clientSecret: env.VISMA_CLIENT_SECRET,
      scopes: env.VISMA_SCOPES,
      ...(env.VISMA_TENANT_ID ? { tenantId: env.VISMA_TENANT_ID } : {}),
      ...(env.VISMA_TOKEN_URL ? { tokenUrl: env.VISMA_TOKEN_URL } : {}),
    };
  } else {
    const connect = await startMockConnect();
    cleanup.push(() => connect.close());
    credentials = {
      clientId: DEMO_CLIENT.clientId,
      clientSecret: DEMO_CLIENT.clientSecret,
      scopes: DEMO_CLIENT.allowedScopes[0] ?? '',
      tokenUrl: connect.tokenUrl,
    };
    tokenRequests = () => connect.counts.token;
    console.log(`Local Visma Connect at ${connect.url}`);
  }

  // 2. Redis: yours (REDIS_URL) or a throwaway redis-server.
  let redisUrl = env.REDIS_URL;
  if (!redisUrl) {
    const local = await startRedisServer();
    cleanup.push(() => local.close());
    redisUrl = local.url;
  }
  console.log(`Redis at ${redisUrl.replace(/\/\/[^@]*@/, '//***@')}`);
  const encryptionKey = env.VISMA_CACHE_KEY ?? randomBytes(32).toString('base64');

  // 3. Two instances: each with its own Redis connection and its own provider, as two
  //    processes of one service would have.
  const onRedisError = (error: Error) => console.warn(`redis: ${error.message}`);
  const startInstance = async () => {
    const client = createClient({ url: redisUrl }).on('error', onRedisError);
    // Not awaited: a service starts while Redis is down, and the cache degrades until it answers.
    client.connect().catch(onRedisError);
    // The demo gives Redis a moment, so that its very first calls already share a token.
    await once(client, 'ready', { signal: AbortSignal.timeout(5000) }).catch(() => {});
    const provider = new VismaTokenProvider({
      ...credentials,
      cache: createRedisTokenCache({ client, encryptionKey }),
    });
    cleanup.push(async () => {
      await provider.close();
      if (client.isOpen) client.destroy();
    });
    return provider;
  };
  const a = await startInstance();
  const b = await startInstance();

  // 4. Both ask for a token at the same moment, ten callers each.
  const calls = [a, b].flatMap((provider) => Array.from({ length: 10 }, () => provider.getToken()));
  const tokens = await Promise.all(calls);
  const same = tokens.every((t) => t.accessToken === tokens[0]?.accessToken);
  const minutes = Math.round(((tokens[0]?.expiresAt ?? Date.now()) - Date.now()) / 60_000);

  console.log(
    `Instance A and B made ${calls.length} calls and got ${same ? 'the same' : 'different'} token (valid ~${minutes} min).`,
  );
  const requests = tokenRequests();
  if (requests !== undefined) console.log(`Token requests at Visma Connect: ${requests}`);
  if (!same || (requests !== undefined && requests !== 1)) process.exitCode = 1;
} catch (error) {
  console.error('Demo failed:', error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  for (const close of cleanup.reverse()) await close().catch(() => {});
}
