import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import {
  CONFORMANCE_ROUTE,
  CONFORMANCE_TENANT_HEADER,
  type ConformanceApp,
  type ConformanceCall,
  relayConformanceCall,
} from '@visma-auth-internal/adapter-conformance';
import { Hono } from 'hono';
import { type VismaEnv, type VismaHonoOptions, vismaAuth, vismaOnError } from '../src/index.js';

/** The Hono app under test: the middleware, the conformance route and the error helper. */
export function createApp(options: VismaHonoOptions, errors: unknown[]): Hono<VismaEnv> {
  const app = new Hono<VismaEnv>();
  app.use(vismaAuth({ tenant: (c) => c.req.header(CONFORMANCE_TENANT_HEADER), ...options }));
  app.post(CONFORMANCE_ROUTE, async (c) =>
    c.json(await relayConformanceCall(c.var.visma.fetch, await c.req.json<ConformanceCall>())),
  );
  app.get('/whoami', async (c) => {
    const upstream = await c.var.visma.fetch('/v1/whoami');
    return c.body(await upstream.text(), upstream.status as 200);
  });
  app.get('/boom', () => {
    throw new Error('not ours');
  });
  app.onError(vismaOnError({ logger: (error) => errors.push(error) }));
  return app;
}

/** The app served by @hono/node-server on 127.0.0.1 port 0. */
export async function startApp(options: VismaHonoOptions): Promise<ConformanceApp> {
  const errors: unknown[] = [];
  const app = createApp(options, errors);
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    errors,
    close: () =>
      new Promise<void>((resolve, reject) => {
        (server as import('node:http').Server).closeAllConnections?.();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
