import { VismaConfigError } from '@visma-auth/core';
import { createVismaRequestScope, responseEndSignal } from '@visma-auth/fetch';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import { replyWithVismaError } from './error-reply.js';
import type { VismaFastify, VismaFastifyOptions, VismaFastifyRequest } from './types.js';

/** Instances whose error handler already answers this library's errors (several registrations share one). */
const wrapped = new WeakSet<FastifyInstance>();

const vismaAuthPlugin: FastifyPluginAsync<VismaFastifyOptions> = async (fastify, options) => {
  const { name, tenant } = options;
  const scope = createVismaRequestScope(options);
  fastify.addHook('onClose', () => scope.close());
  decorateApp(fastify, name, { provider: scope.provider, fetch: scope.fetch });
  if (!fastify.hasRequestDecorator('visma')) fastify.decorateRequest('visma', null as never);
  // A callback hook, not an async one: Fastify runs it without a promise per request.
  fastify.addHook('onRequest', (request, reply, done) => {
    const context = scope.forRequest(
      tenant && (() => tenant(request)),
      responseEndSignal(reply.raw),
    );
    if (name === undefined) {
      // Keep what registrations by name set before this one.
      request.visma = (
        request.visma ? Object.assign(context, request.visma) : context
      ) as VismaFastifyRequest;
    } else {
      request.visma ??= {} as VismaFastifyRequest;
      request.visma[name] = context;
    }
    done();
  });
  if (options.errorHandler !== false) wrapErrorHandler(fastify);
};

/** Fields of `app.visma` / `request.visma` themselves: a registration by one of these names would overwrite them. */
const RESERVED_NAMES = new Set(['provider', 'fetch', 'getToken']);

function decorateApp(
  fastify: FastifyInstance,
  name: string | undefined,
  app: VismaFastify[string],
) {
  if (name === undefined) {
    if (fastify.hasDecorator('visma') && 'provider' in fastify.visma) {
      throw new VismaConfigError(
        'name',
        '@visma-auth/fastify is already registered without a name; give each further registration its own name.',
      );
    }
    if (fastify.hasDecorator('visma')) Object.assign(fastify.visma, app);
    else fastify.decorate('visma', app as VismaFastify);
    return;
  }
  if (RESERVED_NAMES.has(name)) {
    throw new VismaConfigError(
      'name',
      `'${name}' is taken by the unnamed registration's own fields (provider, fetch, getToken); choose another name.`,
    );
  }
  if (!fastify.hasDecorator('visma')) fastify.decorate('visma', {} as VismaFastify);
  if (fastify.visma[name] !== undefined) {
    throw new VismaConfigError(
      'name',
      `@visma-auth/fastify is already registered as '${name}'; give each registration its own name.`,
    );
  }
  fastify.visma[name] = app;
}

/** Puts this library's errors before the app's error handler, once however often the plugin is registered. */
function wrapErrorHandler(fastify: FastifyInstance) {
  if (wrapped.has(fastify)) return;
  wrapped.add(fastify);
  const previous = fastify.errorHandler;
  fastify.setErrorHandler(function vismaErrorHandler(error, request, reply) {
    if (replyWithVismaError(error, request, reply)) return;
    return previous.call(this, error, request, reply);
  });
}

/**
 * Fastify plugin: `app.visma` holds `{ provider, fetch }` and `request.visma` `{ fetch, getToken }`
 * bound to the request's tenant; a provider it created closes `onClose`; this library's errors
 * reaching the error handler answer a generic 502 or 503 with `Retry-After`.
 *
 * @throws VismaConfigError at `ready()`, naming `baseUrl` or the provider option that is missing.
 * @example
 * ```ts
 * await app.register(vismaAuth, { clientId, clientSecret, scopes, baseUrl, tenant: (request) => request.user.tenantId });
 * app.get('/customers', async (request) => (await request.visma.fetch('/v1/customer')).json());
 * ```
 */
export const vismaAuth = fp(vismaAuthPlugin, {
  fastify: '4.x || 5.x',
  name: '@visma-auth/fastify',
});
