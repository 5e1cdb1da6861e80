import type { VismaProviderChoice, VismaRequestContext, VismaScopeTarget } from '@visma-auth/fetch';
import type { Context, Env } from 'hono';

/** Options of {@link vismaAuth}: a provider or its options, `baseUrl`, and the request's tenant. */
export type VismaHonoOptions<E extends Env = Env> = VismaProviderChoice &
  VismaScopeTarget & {
    /**
     * The tenant a request acts for, read from the caller's verified identity (never from a raw
     * header); `undefined` uses the provider's default. Called on the request's first
     * `c.var.visma.fetch`/`getToken`.
     */
    tenant?: (c: Context<E>) => string | undefined;
  };

/** What the middleware sets: `c.var.visma`. */
export interface VismaVariables {
  /** `fetch` and `getToken` for this request's Visma tenant (`@visma-auth/hono`). */
  visma: VismaRequestContext;
}

/** The `Env` to give `new Hono<VismaEnv>()` (or merge into yours) so `c.var.visma` is typed. */
export interface VismaEnv {
  Variables: VismaVariables;
}
