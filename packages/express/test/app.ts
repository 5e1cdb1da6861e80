import type { AddressInfo } from 'node:net';
import {
  CONFORMANCE_ROUTE,
  CONFORMANCE_TENANT_HEADER,
  type ConformanceApp,
  type ConformanceCall,
  relayConformanceCall,
} from '@visma-auth-internal/adapter-conformance';
import type express from 'express';
import { type VismaAuthOptions, vismaAuth, vismaErrorHandler } from '../src/index.js';

/** Express 4 or 5, as the tests load them. */
export type ExpressLike = typeof express;

/** A real Express app on 127.0.0.1 port 0 with the middleware, the conformance route and the error handler. */
export async function startApp(
  createApp: ExpressLike,
  options: VismaAuthOptions,
): Promise<ConformanceApp & { middleware: ReturnType<typeof vismaAuth> }> {
  const errors: unknown[] = [];
  const app = createApp();
  const middleware = vismaAuth({
    tenant: (req) => req.get(CONFORMANCE_TENANT_HEADER),
    ...options,
  });
  app.use(createApp.json());
  app.use(middleware);
  // Express 4 does not pass a rejected promise to next(): route it there by hand for both majors.
  app.post(CONFORMANCE_ROUTE, (req, res, next) => {
    relayConformanceCall(req.visma.fetch, req.body as ConformanceCall).then(
      (answer) => res.json(answer),
      next,
    );
  });
  app.get('/whoami', (req, res, next) => {
    req.visma
      .fetch('/v1/whoami')
      .then(async (r) => res.status(r.status).send(await r.text()), next);
  });
  app.get('/boom', () => {
    throw new Error('not ours');
  });
  app.use(vismaErrorHandler({ logger: (error) => errors.push(error) }));
  const server = middleware.closeWith(app.listen(0, '127.0.0.1'));
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    errors,
    middleware,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
