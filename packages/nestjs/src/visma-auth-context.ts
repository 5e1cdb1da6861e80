import type { HttpService } from '@nestjs/axios';
import type { OnApplicationShutdown } from '@nestjs/common';
import {
  type Clock,
  type VismaAuthEvent,
  VismaConfigError,
  VismaTokenProvider,
} from '@visma-auth/core';
import { TokenEventHub } from './token-event-hub.js';
import type { VismaAuthModuleOptions } from './visma-auth-options.js';
import { createVismaHttp } from './visma-http.js';
import { VismaTokenService } from './visma-token.service.js';

const systemClock: Clock = { now: () => Date.now() };

/**
 * What one `VismaAuthModule` registration owns: the core provider, the token service, the HTTP
 * service; it builds them at boot (so bad options fail the boot) and closes them when the app
 * closes.
 */
export class VismaAuthContext implements OnApplicationShutdown {
  readonly provider: VismaTokenProvider;
  readonly tokens: VismaTokenService;
  readonly http: HttpService;
  readonly #hub = new TokenEventHub();
  readonly #detach: () => void;

  /** @throws {VismaConfigError} naming the first missing or invalid option. */
  constructor(options: VismaAuthModuleOptions) {
    if (typeof options !== 'object' || options === null) {
      throw new VismaConfigError(
        'options',
        'the module options (or the forRootAsync factory result) must be an object',
      );
    }
    const { http, onEvent, ...providerOptions } = options;
    const hub = this.#hub;
    this.provider = new VismaTokenProvider({
      ...providerOptions,
      // An invalid onEvent is passed on untouched so core's validation names it.
      onEvent:
        onEvent === undefined || typeof onEvent === 'function'
          ? (event: VismaAuthEvent) => {
              try {
                onEvent?.(event);
              } finally {
                hub.emit(event);
              }
            }
          : onEvent,
    });
    this.tokens = new VismaTokenService(this.provider, {
      hub,
      clock: options.clock ?? systemClock,
      defaults: { tenantId: options.tenantId, scopes: options.scopes },
    });
    const created = createVismaHttp(this.tokens, http);
    this.http = created.http;
    this.#detach = created.detach;
  }

  /**
   * Completes open `token$` streams, removes the interceptors and closes the provider. This is the
   * last hook of `app.close()` (after every `onModuleDestroy` and `beforeApplicationShutdown`), so
   * the app's own shutdown hooks can still call Visma, as with TypeORM's and Mongoose's modules.
   */
  async onApplicationShutdown(): Promise<void> {
    this.#hub.close();
    this.#detach();
    await this.provider.close();
  }
}
