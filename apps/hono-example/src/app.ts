/**
 * The example service: callers authenticate with an API key bound to one tenant, and each
 * request reads that tenant's customers from the Visma API. The tenant comes from the verified
 * key, never from anything else the caller sends.
 */
import type { VismaTokenProviderOptions } from '@visma-auth/core';
import { type VismaVariables, vismaAuth, vismaOnError } from '@visma-auth/hono';
import { Hono } from 'hono';

/** Who called: set by the auth middleware from a key the service issued. */
interface Caller {
  name: string;
  tenantId: string;
}

/** The example's configuration: how to reach Visma, and the API keys it issued. */
export interface ExampleConfig {
  visma: VismaTokenProviderOptions & { baseUrl: string };
  /** API key → the caller it identifies and the one tenant it may act for. */
  apiKeys: ReadonlyMap<string, Caller>;
  logger?: (error: unknown) => void;
}

type AppEnv = { Variables: VismaVariables & { caller: Caller } };

/** Builds the app; on Node, `closeVismaProviders()` after the server closes ends its provider. */
export function createApp(config: ExampleConfig): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  // Answers 401 unless x-api-key is a key the service issued; the key decides the tenant.
  app.use(async (c, next) => {
    const caller = config.apiKeys.get(c.req.header('x-api-key') ?? '');
    if (caller === undefined) {
      return c.json({ error: 'unauthorized', message: 'Send a valid x-api-key.' }, 401);
    }
    c.set('caller', caller);
    await next();
  });
  app.use(vismaAuth<AppEnv>({ ...config.visma, tenant: (c) => c.get('caller').tenantId }));
  app.get('/customers', async (c) => {
    const upstream = await c.var.visma.fetch('/v1/customer', {
      headers: { accept: 'application/json' },
    });
    return c.json(
      { caller: c.get('caller').name, upstream: await upstream.json() },
      upstream.status as 200,
    );
  });
  app.onError(vismaOnError(config.logger ? { logger: config.logger } : {}));
  return app;
}
