import {
  CONFORMANCE_ROUTE,
  CONFORMANCE_TENANT_HEADER,
  type ConformanceApp,
  type ConformanceCall,
  relayConformanceCall,
} from '@visma-auth-internal/adapter-conformance';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import Fastify4 from 'fastify4';
import vismaAuth, { type VismaFastifyOptions } from '../src/index.js';

/** The Fastify majors the plugin claims. */
export type FastifyMajor = 4 | 5;

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
  major: FastifyMajor = 5,
): Promise<ConformanceApp & { app: FastifyInstance }> {
  const errors: unknown[] = [];
  const logger = capturingLogger(errors);
  // Fastify 4 takes a logger instance as `logger`; 5 as `loggerInstance`.
  const app =
    major === 5
      ? Fastify({ loggerInstance: logger, forceCloseConnections: true })
      : (Fastify4({ logger, forceCloseConnections: true }) as unknown as FastifyInstance);
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
