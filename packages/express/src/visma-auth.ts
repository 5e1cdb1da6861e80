import { createVismaRequestScope, responseEndSignal } from '@visma-auth/fetch';
import type { VismaAuthMiddleware, VismaAuthOptions } from './types.js';

/**
 * Express middleware that puts `{ fetch, getToken }`, bound to the request's tenant, on
 * `req.visma`; one provider serves the whole app.
 *
 * @throws VismaConfigError naming `baseUrl` or the provider option that is missing or invalid.
 * @example
 * ```ts
 * const visma = vismaAuth({ clientId, clientSecret, scopes, baseUrl, tenant: (req) => req.user?.tenantId });
 * app.use(visma);
 * app.get('/customers', async (req, res) => res.json(await (await req.visma.fetch('/v1/customer')).json()));
 * app.use(vismaErrorHandler());
 * visma.closeWith(app.listen(3000));
 * ```
 */
export function vismaAuth(options: VismaAuthOptions): VismaAuthMiddleware {
  const scope = createVismaRequestScope(options);
  const tenant = options.tenant;
  const middleware: VismaAuthMiddleware = Object.assign(
    // Three plain parameters: a rest parameter would build an array on every request.
    function vismaAuthMiddleware(
      req: Parameters<VismaAuthMiddleware>[0],
      res: Parameters<VismaAuthMiddleware>[1],
      next: Parameters<VismaAuthMiddleware>[2],
    ) {
      req.visma = scope.forRequest(tenant && (() => tenant(req)), responseEndSignal(res));
      next();
    },
    {
      provider: scope.provider,
      fetch: scope.fetch,
      close: () => scope.close(),
      closeWith<S extends { once(event: 'close', listener: () => void): unknown }>(server: S): S {
        server.once('close', () => {
          scope.close().catch((error: unknown) => console.error(error));
        });
        return server;
      },
    },
  );
  return middleware;
}
