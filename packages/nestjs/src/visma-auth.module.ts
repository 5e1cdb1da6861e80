import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import { VismaConfigError } from '@visma-auth/core';
import {
  getVismaAuthOptionsToken,
  getVismaAuthRegistrationToken,
  getVismaHttpServiceToken,
  getVismaTokenServiceToken,
  registrationName,
} from './injection-tokens.js';
import { createRegistrationModule } from './registration-providers.js';
import type {
  VismaAuthFeatureAsyncOptions,
  VismaAuthFeatureOptions,
  VismaAuthModuleAsyncOptions,
  VismaAuthModuleExtras,
  VismaAuthModuleOptions,
  VismaAuthOptionsFactory,
} from './visma-auth-options.js';
import type { VismaAuthRegistration } from './visma-auth-registration.js';
import type { VismaTokenService } from './visma-token.service.js';

/**
 * Visma Connect access tokens for a Nest app: `forRoot(options)` or `forRootAsync({ imports,
 * inject, useFactory | useClass | useExisting })` once at the root (global by default), and
 * `forFeature({ http })` where a feature needs its own HTTP client on the same tokens.
 * @example
 * ```ts
 * @Module({
 *   imports: [
 *     VismaAuthModule.forRoot({
 *       clientId: 'my-client', clientSecret: 'from-a-vault', scopes: ['vismanet_erp_service_api:read'],
 *       http: { baseURL: 'https://api.finance.visma.net' },
 *     }),
 *   ],
 * })
 * export class AppModule {}
 * ```
 */
@Module({})
// biome-ignore lint/complexity/noStaticOnlyClass: Nest modules are classes with static forRoot/forFeature.
export class VismaAuthModule {
  /**
   * Registers a Visma client from static options.
   * @throws {VismaConfigError} at boot, naming the first missing or invalid option.
   */
  static forRoot(options: VismaAuthModuleOptions & VismaAuthModuleExtras): DynamicModule {
    const { name, isGlobal, ...rest } = options ?? ({} as VismaAuthModuleOptions);
    const key = checkName(name);
    return createRegistrationModule({
      module: VismaAuthModule,
      name: key,
      isGlobal: checkGlobal(isGlobal),
      optionsProviders: [{ provide: getVismaAuthOptionsToken(key), useValue: rest }],
      http: rest.http === undefined ? 'absent' : 'present',
    });
  }

  /** Registers a Visma client whose options come from a factory, a `VismaAuthOptionsFactory` class or an existing one. */
  static forRootAsync(options: VismaAuthModuleAsyncOptions): DynamicModule {
    const key = checkName(options.name);
    return createRegistrationModule({
      module: VismaAuthModule,
      name: key,
      isGlobal: checkGlobal(options.isGlobal),
      imports: options.imports,
      optionsProviders: [
        ...asyncOptionsProviders(getVismaAuthOptionsToken(key), options),
        ...(options.extraProviders ?? []),
      ],
      http: 'unknown',
    });
  }

  /**
   * An `HttpService` of its own (e.g. another Visma API's base URL) on a root registration's
   * token provider: one provider and one token cache, many HTTP clients. Inject it with
   * `@InjectVismaHttp(name)` in the importing module.
   * @example
   * ```ts
   * @Module({
   *   imports: [VismaAuthModule.forFeature({ http: { baseURL: 'https://business.visma.net/api/graphql-service' } })],
   *   providers: [NxtService],
   * })
   * export class NxtModule {}
   * ```
   */
  static forFeature(options: VismaAuthFeatureOptions): DynamicModule {
    return VismaAuthModule.forFeatureAsync({ name: options?.name, useFactory: () => options.http });
  }

  /**
   * `forFeature` with the client's `http` options from a factory.
   * @example
   * ```ts
   * VismaAuthModule.forFeatureAsync({
   *   inject: [ConfigService],
   *   useFactory: (c: ConfigService) => ({ baseURL: c.getOrThrow('VISMA_ERP_URL') }),
   * });
   * ```
   */
  static forFeatureAsync(options: VismaAuthFeatureAsyncOptions): DynamicModule {
    const key = checkName(options?.name);
    const token = getVismaHttpServiceToken(key);
    const provider: Provider = {
      provide: token,
      useFactory: async (
        registration: VismaAuthRegistration | undefined,
        tokens: VismaTokenService,
        ...args: unknown[]
      ) => {
        if (registration === undefined) {
          throw new VismaConfigError(
            'name',
            `VismaAuthModule.forFeature found no global ${key === undefined ? 'unnamed' : `'${key}'`} registration; register it once with VismaAuthModule.forRoot/forRootAsync (isGlobal defaults to true)`,
          );
        }
        const http = await options.useFactory(...args);
        if (typeof http !== 'object' || http === null) {
          throw new VismaConfigError('http', 'forFeature needs http: { baseURL } for its client');
        }
        return registration.createHttp(tokens, http);
      },
      inject: [
        { token: getVismaAuthRegistrationToken(key), optional: true },
        { token: getVismaTokenServiceToken(key), optional: true },
        ...(options.inject ?? []),
      ],
    };
    // Nest 10 tells dynamic modules apart by hashing their metadata with functions as source
    // text, so two features whose factories read the same but close over different options
    // would be merged; a per-call id keeps each call its own module.
    const id: Provider = { provide: 'VismaAuthFeatureId', useValue: `feature-${++featureCount}` };
    return {
      module: VismaAuthModule,
      imports: options.imports ?? [],
      providers: [id, provider],
      exports: [token],
    };
  }
}

let featureCount = 0;

function asyncOptionsProviders(token: string, options: VismaAuthModuleAsyncOptions): Provider[] {
  if (options.useFactory) {
    return [{ provide: token, useFactory: options.useFactory, inject: options.inject ?? [] }];
  }
  const factoryClass = options.useClass ?? options.useExisting;
  if (!factoryClass) {
    throw new VismaConfigError('forRootAsync', 'needs one of useFactory, useClass or useExisting');
  }
  const fromFactory: Provider = {
    provide: token,
    useFactory: (factory: VismaAuthOptionsFactory) => {
      if (typeof factory?.createVismaAuthOptions !== 'function') {
        throw new VismaConfigError(
          'forRootAsync',
          `${factoryClass.name} must implement VismaAuthOptionsFactory (a createVismaAuthOptions() method)`,
        );
      }
      return factory.createVismaAuthOptions();
    },
    inject: [factoryClass],
  };
  return options.useClass
    ? [fromFactory, { provide: options.useClass, useClass: options.useClass }]
    : [fromFactory];
}

/** The registration key of `name` (`'default'` is the unnamed one). */
function checkName(name: unknown): string | undefined {
  if (name !== undefined && (typeof name !== 'string' || name.trim() === '')) {
    throw new VismaConfigError(
      'name',
      'must be a non-empty string, or left out for the unnamed registration',
    );
  }
  return registrationName(name as string | undefined);
}

function checkGlobal(isGlobal: unknown): boolean {
  if (isGlobal !== undefined && typeof isGlobal !== 'boolean') {
    throw new VismaConfigError('isGlobal', 'must be true or false');
  }
  return isGlobal ?? true;
}
