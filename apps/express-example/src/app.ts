/**
 * The example service: callers authenticate with an API key bound to one tenant, and each
 * request reads that tenant's customers from the Visma API. The tenant comes from the verified
 * key, never from anything else the caller sends.
 */
import type { VismaTokenProviderOptions } from '@visma-auth/core';
import { type VismaAuthMiddleware, vismaAuth, vismaErrorHandler } from '@visma-auth/express';
import express, { type Express as ExpressApp, type RequestHandler } from 'express';

/** Who called: set by {@link apiKeyAuth} from a key the service issued. */
interface Caller {
  name: string;
  tenantId: string;
}

declare global {
  namespace Express {
    interface Request {
      caller?: Caller;
    }
  }
}

/** The example's configuration: how to reach Visma, and the API keys it issued. */
export interface ExampleConfig {
  visma: VismaTokenProviderOptions & { baseUrl: string };
  /** API key → the caller it identifies and the one tenant it may act for. */
  apiKeys: ReadonlyMap<string, Caller>;
  logger?: (error: unknown) => void;
}

/** Builds the app; `visma.closeWith(server)` closes its provider with the server. */
export function createApp(config: ExampleConfig): { app: ExpressApp; visma: VismaAuthMiddleware } {
  const app = express();
  const visma = vismaAuth({ ...config.visma, tenant: (req) => req.caller?.tenantId });
  app.use(apiKeyAuth(config.apiKeys));
  app.use(visma);
  app.get('/customers', async (req, res) => {
    const upstream = await req.visma.fetch('/v1/customer', {
      headers: { accept: 'application/json' },
    });
    res.status(upstream.status).json({ caller: req.caller?.name, upstream: await upstream.json() });
  });
  app.use(vismaErrorHandler(config.logger ? { logger: config.logger } : {}));
  return { app, visma };
}

/** Answers 401 unless `x-api-key` is a key the service issued; the key decides the tenant. */
function apiKeyAuth(apiKeys: ReadonlyMap<string, Caller>): RequestHandler {
  return (req, res, next) => {
    const caller = apiKeys.get(req.get('x-api-key') ?? '');
    if (caller === undefined) {
      res.status(401).json({ error: 'unauthorized', message: 'Send a valid x-api-key.' });
      return;
    }
    req.caller = caller;
    next();
  };
}
