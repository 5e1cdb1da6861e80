import {
  type DynamicModule,
  type FactoryProvider,
  type InjectionToken,
  type ModuleMetadata,
  type Provider,
  Scope,
} from '@nestjs/common';
// A string token, so it matches whichever copy of @nestjs/core the app loaded.
import { INQUIRER } from '@nestjs/core';
import type { VismaTokenProvider } from '@visma-auth/core';
import {
  getVismaAuthOptionsToken,
  getVismaAuthRegistrationToken,
  getVismaHttpServiceToken,
  getVismaTokenProviderToken,
  getVismaTokenServiceToken,
} from './injection-tokens.js';
import type { VismaAuthModuleOptions } from './visma-auth-options.js';
import { VismaAuthRegistration } from './visma-auth-registration.js';
import {
  VISMA_AUTH_REGISTRY,
  type VismaAuthRegistry,
  VismaAuthRegistryModule,
} from './visma-auth-registry.js';
import { VismaTokenService } from './visma-token.service.js';

/** What {@link createRegistrationModule} needs to know about one registration. */
export interface RegistrationDefinition {
  /** The module class the dynamic module belongs to. */
  module: DynamicModule['module'];
  /** `undefined` for the unnamed registration. */
  name: string | undefined;
  isGlobal: boolean;
  imports?: ModuleMetadata['imports'];
  /** Providers of the options token (and whatever they need). */
  optionsProviders: Provider[];
  /** Whether `http` is known to be there (`forRoot`), known to be absent, or known only at boot. */
  http: 'present' | 'absent' | 'unknown';
  /** Builds the token provider; the core `VismaTokenProvider` from the options by default. */
  createProvider?: (registration: VismaAuthRegistration) => VismaTokenProvider;
}

/**
 * The dynamic module of one registration. Services are built from each other's tokens (HTTP
 * service from the token service, token service from the provider), so `overrideProvider` of
 * any of them reaches the ones built on it.
 */
export function createRegistrationModule(definition: RegistrationDefinition): DynamicModule {
  const { name } = definition;
  const registrationToken = getVismaAuthRegistrationToken(name);
  const providerToken = getVismaTokenProviderToken(name);
  const serviceToken = getVismaTokenServiceToken(name);
  const httpToken = getVismaHttpServiceToken(name);
  const createProvider =
    definition.createProvider ?? ((registration) => registration.createProvider());

  const providers: Provider[] = [
    ...definition.optionsProviders,
    {
      provide: registrationToken,
      useFactory: (options: VismaAuthModuleOptions, registry: VismaAuthRegistry) => {
        // Two providers would mean two token caches and a token request each: fail the boot.
        registry.claim(name);
        return new VismaAuthRegistration(name, options);
      },
      inject: [getVismaAuthOptionsToken(name), VISMA_AUTH_REGISTRY],
    },
    {
      provide: providerToken,
      useFactory: createProvider,
      inject: [registrationToken],
    },
    {
      provide: serviceToken,
      useFactory: (provider: VismaTokenProvider, registration: VismaAuthRegistration) =>
        new VismaTokenService(provider, registration.stream, registration.resolveTenant),
      inject: [providerToken, registrationToken],
    },
    {
      // Built at boot from the service token, so the registry sees an overridden service too.
      provide: `${registrationToken}:registry-entry`,
      useFactory: (registry: VismaAuthRegistry, service: VismaTokenService) =>
        registry.setTokenService(name, service),
      inject: [VISMA_AUTH_REGISTRY, serviceToken],
    },
  ];
  const http = rootHttpProvider(definition.http, httpToken, serviceToken, registrationToken);
  if (!definition.isGlobal) {
    return {
      module: definition.module,
      global: false,
      imports: [VismaAuthRegistryModule, ...(definition.imports ?? [])],
      providers: [...providers, http],
      exports: [registrationToken, providerToken, serviceToken, httpToken],
    };
  }
  // A global registration's HttpService sits in a global module of its own that the registration
  // does not re-export: a module that imports both forRoot and forFeature then finds only the
  // feature's client among its imports, in whatever order it lists them.
  const httpModule: DynamicModule = {
    module: definition.module,
    global: true,
    providers: [http],
    exports: [httpToken],
  };
  return {
    module: definition.module,
    global: true,
    imports: [VismaAuthRegistryModule, httpModule, ...(definition.imports ?? [])],
    providers,
    exports: [registrationToken, providerToken, serviceToken],
  };
}

/**
 * The registration's `HttpService`. When `http` is not known to be there it is transient: Nest
 * builds a transient provider only for a class that injects it, so a missing `http` fails the
 * boot exactly when something uses the HTTP service, naming that class.
 */
function rootHttpProvider(
  http: RegistrationDefinition['http'],
  httpToken: string,
  serviceToken: InjectionToken,
  registrationToken: string,
): FactoryProvider {
  if (http === 'present') {
    return {
      provide: httpToken,
      useFactory: (registration: VismaAuthRegistration, tokens: VismaTokenService) =>
        registration.rootHttp(tokens),
      inject: [registrationToken, serviceToken],
    };
  }
  return {
    provide: httpToken,
    scope: Scope.TRANSIENT,
    useFactory: (registration: VismaAuthRegistration, tokens: VismaTokenService, inquirer) =>
      registration.rootHttp(tokens, inquirer),
    inject: [registrationToken, serviceToken, INQUIRER],
  };
}
