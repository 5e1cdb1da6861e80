import type { HttpService } from '@nestjs/axios';
import type { OnApplicationShutdown } from '@nestjs/common';
import {
  type Clock,
  type VismaAuthEvent,
  type VismaAuthEventType,
  type VismaAuthLogger,
  VismaConfigError,
  VismaTokenProvider,
} from '@visma-auth/core';
import { createNestLogger, isNestLogger } from './nest-logger.js';
import { TokenEventHub } from './token-event-hub.js';
import type { TokenStreamContext } from './token-stream.js';
import type { VismaAuthModuleOptions, VismaHttpOptions } from './visma-auth-options.js';
import { createVismaHttp } from './visma-http.js';
import type { VismaTokenService } from './visma-token.service.js';

const systemClock: Clock = { now: () => Date.now() };

/**
 * What one `VismaAuthModule` registration owns besides its injectable services: the options, the
 * event hub behind `token$`, and everything to release when the app closes (the provider it
 * created, the interceptors of its HTTP clients).
 */
export class VismaAuthRegistration implements OnApplicationShutdown {
  readonly hub = new TokenEventHub();
  // Private, so inspecting the registration (it is injectable) never shows the client secret.
  readonly #options: VismaAuthModuleOptions;
  readonly #label: string;
  readonly #created: VismaTokenProvider[] = [];
  // The HTTP clients to detach at shutdown, held weakly: a forFeatureAsync client that injects a
  // request-scoped provider is built for every request and must go when its request does.
  readonly #clients = new Set<WeakRef<HttpService>>();
  readonly #detachOf = new WeakMap<HttpService, () => void>();
  readonly #forget = new FinalizationRegistry<WeakRef<HttpService>>((ref) => {
    this.#clients.delete(ref);
  });
  #rootHttp: { tokens: VismaTokenService; http: HttpService } | undefined;

  /** @throws {VismaConfigError} when the options are not an object or `resolveTenant` is not a function. */
  constructor(name: string | undefined, options: VismaAuthModuleOptions) {
    this.#label =
      name === undefined
        ? 'the unnamed VismaAuthModule registration'
        : `VismaAuthModule registration '${name}'`;
    if (typeof options !== 'object' || options === null) {
      throw new VismaConfigError(
        'options',
        'the module options (or the forRootAsync factory result) must be an object',
      );
    }
    if (options.resolveTenant !== undefined && typeof options.resolveTenant !== 'function') {
      throw new VismaConfigError(
        'resolveTenant',
        'must be a function returning the tenant id of the current request, or undefined',
      );
    }
    this.#options = options;
  }

  /** The registration's `resolveTenant` option, if any. */
  get resolveTenant(): VismaAuthModuleOptions['resolveTenant'] {
    return this.#options.resolveTenant;
  }

  /** What `token$` streams need: the hub, the clock and the default tenant and scopes. */
  get stream(): Omit<TokenStreamContext, 'source'> {
    return {
      hub: this.hub,
      clock: this.#options.clock ?? systemClock,
      defaults: { tenantId: this.#options.tenantId, scopes: this.#options.scopes },
    };
  }

  /**
   * Creates the core provider from the options (closed when the app closes), with provider
   * events fanned out to `token$` and logged through Nest's `Logger` unless `logger` says otherwise.
   * @throws {VismaConfigError} naming the first missing or invalid option.
   */
  createProvider(): VismaTokenProvider {
    const {
      http: _http,
      resolveTenant: _resolve,
      onEvent,
      onEventTypes,
      logger,
      ...providerOptions
    } = this.#options;
    const hub = this.hub;
    const provider = new VismaTokenProvider({
      ...providerOptions,
      logger: toCoreLogger(logger),
      // An invalid onEvent is passed on untouched so core's validation names it.
      onEvent:
        onEvent === undefined || typeof onEvent === 'function'
          ? (event: VismaAuthEvent) => {
              try {
                if (wanted(onEventTypes, event)) onEvent?.(event);
              } finally {
                hub.emit(event);
              }
            }
          : onEvent,
      onEventTypes: eventTypesFor(onEvent, onEventTypes),
    });
    this.#created.push(provider);
    return provider;
  }

  /**
   * Creates an HTTP client that sends `tokens`' tokens; its interceptors come off when the app
   * closes. The registration does not keep the client alive (it may be one request's).
   */
  createHttp(tokens: VismaTokenService, options: VismaHttpOptions): HttpService {
    const { http, detach } = createVismaHttp(tokens, options);
    const ref = new WeakRef(http);
    this.#clients.add(ref);
    this.#detachOf.set(http, detach);
    this.#forget.register(http, ref);
    return http;
  }

  /**
   * The registration's own `HttpService` (one per registration), or, without `http` options, a
   * boot failure that says which class asked for it and what to add.
   */
  rootHttp(tokens: VismaTokenService, inquirer?: unknown): HttpService {
    const options = this.#options.http;
    if (options === undefined) {
      const who = nameOf(inquirer);
      throw new VismaConfigError(
        'http',
        `${who} injects the HttpService of ${this.#label}, which has no \`http\` options; add http: { baseURL } to its forRoot/forRootAsync options, or import VismaAuthModule.forFeature({ http }) where it is used`,
      );
    }
    if (this.#rootHttp?.tokens !== tokens) {
      this.#rootHttp = { tokens, http: this.createHttp(tokens, options) };
    }
    return this.#rootHttp.http;
  }

  /**
   * Completes open `token$` streams, removes the interceptors and closes the provider it created.
   * This is the last hook of `app.close()` (after every `onModuleDestroy` and
   * `beforeApplicationShutdown`), so the app's own shutdown hooks can still call Visma, as with
   * TypeORM's and Mongoose's modules.
   */
  async onApplicationShutdown(): Promise<void> {
    this.hub.close();
    for (const ref of this.#clients) {
      const http = ref.deref();
      if (http !== undefined) this.#detachOf.get(http)?.();
    }
    this.#clients.clear();
    await Promise.all(this.#created.splice(0).map((provider) => provider.close()));
  }
}

/** The logger core gets: Nest loggers become one line per event; `false` means none. */
function toCoreLogger(logger: VismaAuthModuleOptions['logger']): VismaAuthLogger | undefined {
  if (logger === false) return undefined;
  if (logger === undefined) return createNestLogger();
  if (isNestLogger(logger)) return createNestLogger(logger);
  return logger as VismaAuthLogger;
}

function nameOf(inquirer: unknown): string {
  const ctor = (inquirer as { constructor?: { name?: unknown } } | undefined)?.constructor;
  const name = typeof ctor?.name === 'string' ? ctor.name : '';
  return name && name !== 'Object' ? name : 'A provider';
}

/** `token$` reads only `fetch_success`: without the app's own `onEvent`, core builds no other event per call. */
function eventTypesFor(
  onEvent: VismaAuthModuleOptions['onEvent'],
  types: VismaAuthModuleOptions['onEventTypes'],
): VismaAuthModuleOptions['onEventTypes'] {
  if (types === undefined) return onEvent === undefined ? TOKEN_STREAM_EVENTS : undefined;
  // Anything but an array is passed on untouched so core's validation names it.
  if (!Array.isArray(types)) return types;
  return types.includes('fetch_success') ? types : [...types, 'fetch_success'];
}

const TOKEN_STREAM_EVENTS: readonly VismaAuthEventType[] = ['fetch_success'];

function wanted(types: readonly VismaAuthEventType[] | undefined, event: VismaAuthEvent): boolean {
  return types === undefined || types.includes(event.type);
}
