/**
 * The example service: callers authenticate with an API key bound to one tenant, and each
 * request reads that tenant's customers from the Visma API. The tenant comes from the verified
 * key, never from anything else the caller sends.
 */
import type { VismaTokenProviderOptions } from '@visma-auth/core';
import vismaAuth from '@visma-auth/fastify';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';

/** Who called: set by the auth hook from a key the service issued. */
interface Caller {
  name: string;
  tenantId: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    caller?: Caller;
  }
}

/** The example's configuration: how to reach Visma, and the API keys it issued. */
export interface ExampleConfig {
  visma: VismaTokenProviderOptions & { baseUrl: string };
  /** API key → the caller it identifies and the one tenant it may act for. */
  apiKeys: ReadonlyMap<string, Caller>;
  logger?: (error: unknown) => void;
}

/** Builds the app; `app.close()` closes its provider too. */
export async function createApp(config: ExampleConfig): Promise<FastifyInstance> {
  const app = config.logger
    ? Fastify({ loggerInstance: errorLogger(config.logger) })
    : Fastify({ logger: { level: process.env.LOG_LEVEL ?? 'warn' } });
  app.decorateRequest('caller', undefined);
  // Answers 401 unless x-api-key is a key the service issued; the key decides the tenant.
  app.addHook('onRequest', async (request, reply) => {
    const caller = config.apiKeys.get(String(request.headers['x-api-key'] ?? ''));
    if (caller === undefined) {
      return reply.code(401).send({ error: 'unauthorized', message: 'Send a valid x-api-key.' });
    }
    request.caller = caller;
  });
  await app.register(vismaAuth, { ...config.visma, tenant: (request) => request.caller?.tenantId });
  app.get('/customers', async (request, reply) => {
    const upstream = await request.visma.fetch('/v1/customer', {
      headers: { accept: 'application/json' },
    });
    return reply
      .code(upstream.status)
      .send({ caller: request.caller?.name, upstream: await upstream.json() });
  });
  return app;
}

/** A pino-shaped logger that hands errors to `log` and drops the rest (the demo prints its own lines). */
function errorLogger(log: (error: unknown) => void): FastifyBaseLogger {
  const noop = () => {};
  const logger = {
    level: 'error',
    fatal: noop,
    warn: noop,
    info: noop,
    debug: noop,
    trace: noop,
    silent: noop,
    error: (record: { err?: unknown }) => log(record.err ?? record),
    child: () => logger,
  };
  return logger as unknown as FastifyBaseLogger;
}
