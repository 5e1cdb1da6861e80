import { type VismaAuthEvent, VismaTokenProvider } from '@visma-auth/core';
import { DEMO_CLIENT } from '@visma-auth/testing';
import {
  createRedisTokenCache,
  type RedisClientLike,
  type RedisTokenCacheOptions,
} from '../../src/index.js';

export const SCOPES = 'vismanet_erp_service_api:read';

/** Providers in this process, each on its own Redis client: a fleet without process start-up. */
export interface Fleet {
  readonly providers: VismaTokenProvider[];
  /** Every event of every provider, as `type` or `type: message` for cache events. */
  readonly events: string[][];
  /** `calls` concurrent cold getToken calls on each provider; resolves with what they got. */
  burst(calls: number): Promise<{ ok: number; failed: number; errors: string[]; tokens: number }>;
  /** The cache events of provider `i` (`cache_degraded: <message>` or `cache_restored`). */
  cacheEvents(i?: number): string[];
  close(): Promise<void>;
}

/** Starts one provider per client, all sharing Redis through `createRedisTokenCache`. */
export function startFleet(
  clients: RedisClientLike[],
  tokenUrl: string,
  cacheOptions: Omit<RedisTokenCacheOptions, 'client'> = {},
  providerOptions: { deadlineMs?: number } = {},
): Fleet {
  const events: string[][] = [];
  const caches = clients.map((client) => createRedisTokenCache({ ...cacheOptions, client }));
  const providers = caches.map((cache) => {
    const own: string[] = [];
    events.push(own);
    return new VismaTokenProvider({
      clientId: DEMO_CLIENT.clientId,
      clientSecret: DEMO_CLIENT.clientSecret,
      tokenUrl,
      scopes: SCOPES,
      ...providerOptions,
      cache,
      onEvent: (event: VismaAuthEvent) => {
        if (event.type === 'cache_degraded') own.push(`cache_degraded: ${event.error.message}`);
        else if (event.type === 'cache_restored') own.push('cache_restored');
      },
    });
  });
  return {
    providers,
    events,
    async burst(calls) {
      const results = await Promise.allSettled(
        providers.flatMap((p) => Array.from({ length: calls }, () => p.getToken())),
      );
      const tokens = new Set<string>();
      const errors: string[] = [];
      for (const r of results) {
        if (r.status === 'fulfilled') tokens.add(r.value.accessToken);
        else errors.push(String((r.reason as { code?: string })?.code ?? r.reason));
      }
      return {
        ok: results.length - errors.length,
        failed: errors.length,
        errors,
        tokens: tokens.size,
      };
    },
    cacheEvents: (i = 0) => events[i] ?? [],
    async close() {
      await Promise.all(providers.map((p) => p.close()));
      await Promise.all(caches.map((c) => c.close()));
    },
  };
}
