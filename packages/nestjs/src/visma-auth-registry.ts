import { Global, Module } from '@nestjs/common';
import { VismaConfigError } from '@visma-auth/core';
import type { VismaTokenService } from './visma-token.service.js';

/** The injection token of the app's {@link VismaAuthRegistry}; internal. */
export const VISMA_AUTH_REGISTRY = 'VismaAuthRegistry';

/**
 * One per app: the registrations `VismaAuthModule` made, by name. It catches a second `forRoot`
 * of one name and lets the health indicator find a registration's token service. It is kept by
 * our own token rather than read from Nest's `ModulesContainer` or `ModuleRef`, whose classes
 * differ when a loader (tsx, a second install) gives the app another copy of `@nestjs/core`.
 * @internal
 */
export class VismaAuthRegistry {
  readonly #claims = new Map<string, number>();
  readonly #services = new Map<string, VismaTokenService>();

  /**
   * Records one registration of `name`.
   * @throws {VismaConfigError} when `name` was registered before in this app.
   */
  claim(name: string | undefined): void {
    const key = keyOf(name);
    const count = (this.#claims.get(key) ?? 0) + 1;
    this.#claims.set(key, count);
    if (count > 1) {
      throw new VismaConfigError(
        'name',
        `VismaAuthModule ${name === undefined ? "registration 'default' (the unnamed one)" : `registration '${name}'`} is registered ${count} times; call forRoot/forRootAsync once (it is global by default) and use VismaAuthModule.forFeature({ http }) or plain injection in feature modules, or give each registration its own name`,
      );
    }
  }

  /** Keeps the token service the app resolved for `name` (an override included). */
  setTokenService(name: string | undefined, service: VismaTokenService): void {
    this.#services.set(keyOf(name), service);
  }

  /**
   * The token service of registration `name`.
   * @throws {VismaConfigError} when the app has no such registration.
   */
  tokenService(name: string | undefined): VismaTokenService {
    const service = this.#services.get(keyOf(name));
    if (service === undefined) {
      throw new VismaConfigError(
        'name',
        `no VismaAuthModule registration ${name === undefined ? "'default' (the unnamed one)" : `'${name}'`} in this app; register it with VismaAuthModule.forRoot/forRootAsync`,
      );
    }
    return service;
  }
}

function keyOf(name: string | undefined): string {
  return name === undefined ? '' : `:${name}`;
}

/** Provides the app's one {@link VismaAuthRegistry}; every registration imports it. @internal */
@Global()
@Module({
  providers: [{ provide: VISMA_AUTH_REGISTRY, useFactory: () => new VismaAuthRegistry() }],
  exports: [VISMA_AUTH_REGISTRY],
})
export class VismaAuthRegistryModule {}
