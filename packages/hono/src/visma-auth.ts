import type { VismaRequestContext } from '@visma-auth/fetch';
import type { Context, Env, MiddlewareHandler } from 'hono';
import { createScopeResolver } from './provider-registry.js';
import type { VismaHonoOptions, VismaVariables } from './types.js';

/**
 * Hono middleware that sets `c.var.visma` (`{ fetch, getToken }` for the request's tenant);
 * options may be read from `c.env` per request and still mean one provider per isolate and
 * credential.
 *
 * @param options - Options, or `(c) => options` for Workers, where secrets live in `c.env`.
 * @example
 * ```ts
 * const app = new Hono<{ Bindings: Bindings; Variables: VismaVariables }>();
 * app.use('/api/*', vismaAuth((c) => ({ clientId: c.env.VISMA_CLIENT_ID, clientSecret: c.env.VISMA_CLIENT_SECRET, scopes, baseUrl })));
 * app.get('/api/customers', async (c) => c.json(await (await c.var.visma.fetch('/v1/customer')).json()));
 * app.onError(vismaOnError());
 * ```
 */
export function vismaAuth<E extends Env = Env>(
  options: VismaHonoOptions<E> | ((c: Context<E>) => VismaHonoOptions<E>),
): MiddlewareHandler<E & { Variables: VismaVariables }> {
  const scopeFor = createScopeResolver();
  // Not async: the middleware hands on `next()`'s promise instead of awaiting it in a frame of its own.
  return function vismaAuthMiddleware(c, next) {
    const ctx = c as unknown as Context<E>;
    // Resolved on the route's first call: a route that never calls Visma never reads the options.
    let context: VismaRequestContext | undefined;
    const bound = () => {
      if (context === undefined) {
        const resolved = typeof options === 'function' ? options(ctx) : options;
        const tenant = resolved.tenant;
        context = scopeFor(resolved).forRequest(
          tenant && (() => tenant(ctx)),
          () => c.req.raw.signal,
        );
      }
      return context;
    };
    const visma: VismaRequestContext = {
      // Not async (a warm call costs no promise of its own); a bad option still rejects.
      fetch: (input, init) => {
        try {
          return bound().fetch(input, init);
        } catch (error) {
          return Promise.reject(error);
        }
      },
      getToken: async (request) => bound().getToken(request),
    };
    c.set('visma', visma);
    return next();
  };
}
