import type { VismaTokenProviderOptions } from '@visma-auth/core';

/** Who called: the caller an API key identifies and the one tenant it may act for. */
export interface DemoCaller {
  name: string;
  tenantId: string;
}

/** The configuration every framework example's `createApp` takes. */
export interface DemoConfig {
  visma: VismaTokenProviderOptions & { baseUrl: string };
  /** API key → the caller it identifies and the one tenant it may act for. */
  apiKeys: ReadonlyMap<string, DemoCaller>;
  logger?: (error: unknown) => void;
}

/**
 * The example's configuration for a real Visma from VISMA_CLIENT_ID, VISMA_CLIENT_SECRET,
 * VISMA_SCOPES, VISMA_AUTHORITY, VISMA_API_URL and EXAMPLE_API_KEYS ("key=tenant-id,..."), or
 * `undefined` when VISMA_CLIENT_ID is not set (the example then runs the local demo).
 */
export function demoConfigFromEnv(env: NodeJS.ProcessEnv = process.env): DemoConfig | undefined {
  if (!env.VISMA_CLIENT_ID) return undefined;
  const apiKeys = new Map(
    (env.EXAMPLE_API_KEYS ?? '')
      .split(',')
      .filter(Boolean)
      .map((pair, i) => {
        const [key = '', tenantId = ''] = pair.split('=');
        return [key, { name: `caller-${i + 1}`, tenantId }] as const;
      }),
  );
  return {
    visma: {
      clientId: env.VISMA_CLIENT_ID,
      clientSecret: env.VISMA_CLIENT_SECRET,
      scopes: env.VISMA_SCOPES ?? '',
      authority: env.VISMA_AUTHORITY || undefined,
      baseUrl: env.VISMA_API_URL ?? 'https://api.finance.visma.net',
    },
    apiKeys,
  };
}
