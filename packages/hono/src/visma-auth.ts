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
    c.set('visma', lazyContext(c as unknown as Context<E>, options, scopeFor));
    return next();
  };
}

/**
 * The request's `{ fetch, getToken }`, resolved on the route's first call: a route that never
 * calls Visma never reads the options. One closure pair per request, no helper closure beside it.
 */
function lazyContext<E extends Env>(
  c: Context<E>,
  options: VismaHonoOptions<E> | ((c: Context<E>) => VismaHonoOptions<E>),
  scopeFor: ReturnType<typeof createScopeResolver>,
): VismaRequestContext {
  let context: VismaRequestContext | undefined;
  return {
    // Not async (a warm call costs no promise of its own); a bad option still rejects.
    fetch: (input, init) => {
      try {
        context ??= bind(c, options, scopeFor);
        return context.fetch(input, init);
      } catch (error) {
        return Promise.reject(error);
      }
    },
    getToken: async (request) => {
      context ??= bind(c, options, scopeFor);
      return context.getToken(request);
    },
  };
}

/** Resolves the options for this request and binds its tenant and its end to the scope. */
function bind<E extends Env>(
  c: Context<E>,
  options: VismaHonoOptions<E> | ((c: Context<E>) => VismaHonoOptions<E>),
  scopeFor: ReturnType<typeof createScopeResolver>,
): VismaRequestContext {
  const resolved = typeof options === 'function' ? options(c) : options;
  const tenant = resolved.tenant;
  return scopeFor(resolved).forRequest(tenant && (() => tenant(c)), () => c.req.raw.signal);
}
