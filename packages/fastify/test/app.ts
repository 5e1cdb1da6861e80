import {
  CONFORMANCE_ROUTE,
  CONFORMANCE_TENANT_HEADER,
  type ConformanceApp,
  type ConformanceCall,
  relayConformanceCall,
} from '@visma-auth-internal/adapter-conformance';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import vismaAuth, { type VismaFastifyOptions } from '../src/index.js';

/** A logger that keeps every `err` the app logs at error level. */
export function capturingLogger(errors: unknown[]): FastifyBaseLogger {
  const noop = () => {};
  const logger = {
    level: 'error',
    fatal: noop,
    warn: noop,
    info: noop,
    debug: noop,
    trace: noop,
    silent: noop,
    error(record: unknown) {
      if (record && typeof record === 'object' && 'err' in record) errors.push(record.err);
    },
    child: () => logger,
  };
  return logger as unknown as FastifyBaseLogger;
}

/** A real Fastify app on 127.0.0.1 port 0 with the plugin and the conformance route. */
export async function startApp(
  options: VismaFastifyOptions,
): Promise<ConformanceApp & { app: FastifyInstance }> {
  const errors: unknown[] = [];
  const app = Fastify({ loggerInstance: capturingLogger(errors), forceCloseConnections: true });
  await app.register(vismaAuth, {
    tenant: (request) => request.headers[CONFORMANCE_TENANT_HEADER] as string | undefined,
    ...options,
  });
  app.post(CONFORMANCE_ROUTE, (request) =>
    relayConformanceCall(request.visma.fetch, request.body as ConformanceCall),
  );
  app.get('/whoami', async (request, reply) => {
    const upstream = await request.visma.fetch('/v1/whoami');
    return reply.code(upstream.status).send(await upstream.text());
  });
  app.get('/boom', async () => {
    throw new Error('not ours');
  });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { url, errors, app, close: () => app.close() };
}
