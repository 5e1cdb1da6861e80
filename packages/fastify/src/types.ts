import type { VismaTokenSource } from '@visma-auth/core';
import type {
  AuthenticatedFetch,
  VismaProviderChoice,
  VismaRequestContext,
  VismaScopeTarget,
} from '@visma-auth/fetch';
import type { FastifyRequest } from 'fastify';

/** Options of the plugin: a provider or its options, `baseUrl`, the request's tenant, a name. */
export type VismaFastifyOptions = VismaProviderChoice &
  VismaScopeTarget & {
    /**
     * The tenant a request acts for, read from the caller's verified identity (never from a raw
     * header); `undefined` uses the provider's default. Called on the request's first
     * `request.visma.fetch`/`getToken`, after your auth hooks.
     */
    tenant?: (request: FastifyRequest) => string | undefined;
    /** Registers under `app.visma[name]` and `request.visma[name]`, for several credentials. */
    name?: string;
    /** Map this library's errors to 502/503 in the app's error handler (default `true`). */
    errorHandler?: boolean;
  };

/** `app.visma`: the provider and an authenticated fetch with the provider's default tenant. */
export interface VismaAppContext {
  provider: VismaTokenSource;
  fetch: AuthenticatedFetch;
}

/** `app.visma`, with registrations by `name` as properties (as `@fastify/redis` does). */
export type VismaFastify = VismaAppContext & { [name: string]: VismaAppContext };

/** `request.visma`, with registrations by `name` as properties. */
export type VismaFastifyRequest = VismaRequestContext & { [name: string]: VismaRequestContext };

declare module 'fastify' {
  interface FastifyInstance {
    /** Visma Connect provider and fetch (`@visma-auth/fastify`). */
    visma: VismaFastify;
  }
  interface FastifyRequest {
    /** `fetch` and `getToken` for this request's Visma tenant (`@visma-auth/fastify`). */
    visma: VismaFastifyRequest;
  }
}
