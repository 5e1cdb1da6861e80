import type { VismaTokenSource } from '@visma-auth/core';
import type {
  AuthenticatedFetch,
  VismaProviderChoice,
  VismaRequestContext,
  VismaScopeTarget,
} from '@visma-auth/fetch';
import type { Request, RequestHandler } from 'express';

/** Options of {@link vismaAuth}: a provider or its options, `baseUrl`, and where a request's tenant comes from. */
export type VismaAuthOptions = VismaProviderChoice &
  VismaScopeTarget & {
    /**
     * The tenant a request acts for, read from the caller's verified identity (never from a raw
     * header); `undefined` uses the provider's default. Called on the request's first
     * `req.visma.fetch`/`getToken`, so an auth middleware mounted later has run by then.
     */
    tenant?: (req: Request) => string | undefined;
  };

/** The middleware, with the app-wide provider and fetch and a way to close the provider. */
export interface VismaAuthMiddleware extends RequestHandler {
  /** The provider: the one passed in, or the one created from the options. */
  readonly provider: VismaTokenSource;
  /** Authenticated fetch outside any request (the provider's default tenant). */
  readonly fetch: AuthenticatedFetch;
  /** Closes the provider if this middleware created it. */
  close(): Promise<void>;
  /** Closes the provider when `server` closes; returns `server`. */
  closeWith<S extends { once(event: 'close', listener: () => void): unknown }>(server: S): S;
}

declare global {
  namespace Express {
    interface Request {
      /** `fetch` and `getToken` for this request's Visma tenant (`@visma-auth/express`). */
      visma: VismaRequestContext;
    }
  }
}
