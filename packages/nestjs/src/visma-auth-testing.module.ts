import { type DynamicModule, Module } from '@nestjs/common';
import type { VismaTokenProvider } from '@visma-auth/core';
import { FixedTokenProvider, type FixedTokenProviderOptions } from './fixed-token-provider.js';
import { getVismaAuthOptionsToken, registrationName } from './injection-tokens.js';
import { createRegistrationModule } from './registration-providers.js';
import type {
  VismaAuthModuleExtras,
  VismaAuthModuleOptions,
  VismaHttpOptions,
} from './visma-auth-options.js';

/** Options of {@link VismaAuthTestingModule.forRoot}. */
export interface VismaAuthTestingOptions extends FixedTokenProviderOptions, VismaAuthModuleExtras {
  /** Gives the registration an `HttpService` that sends the fixed token, as `forRoot`'s `http` does. */
  http?: VismaHttpOptions;
  /** Same as the module option: the tenant of the current request. */
  resolveTenant?: () => string | undefined;
}

/**
 * A stand-in for `VismaAuthModule.forRoot` in tests: the same injectable services under the same
 * tokens, backed by a {@link FixedTokenProvider} that never calls Visma.
 * @example
 * ```ts
 * const moduleRef = await Test.createTestingModule({
 *   imports: [VismaAuthTestingModule.forRoot({ accessToken: 'test-token', http: { baseURL: api.url } })],
 *   providers: [ErpService],
 * }).compile();
 * ```
 */
@Module({})
// biome-ignore lint/complexity/noStaticOnlyClass: Nest modules are classes with static forRoot.
export class VismaAuthTestingModule {
  /** Registers the fixed-token client (global, unnamed unless `name` is given). */
  static forRoot(options: VismaAuthTestingOptions = {}): DynamicModule {
    const { name, isGlobal, http, resolveTenant, ...fixed } = options;
    const key = registrationName(name);
    const moduleOptions: VismaAuthModuleOptions = {
      clientId: 'test-client',
      scopes: fixed.scopes ?? [],
      ...(fixed.tenantId === undefined ? {} : { tenantId: fixed.tenantId }),
      ...(fixed.clock === undefined ? {} : { clock: fixed.clock }),
      ...(http === undefined ? {} : { http }),
      ...(resolveTenant === undefined ? {} : { resolveTenant }),
    };
    return createRegistrationModule({
      module: VismaAuthTestingModule,
      name: key,
      isGlobal: isGlobal ?? true,
      optionsProviders: [{ provide: getVismaAuthOptionsToken(key), useValue: moduleOptions }],
      http: http === undefined ? 'absent' : 'present',
      createProvider: () => new FixedTokenProvider(fixed) as unknown as VismaTokenProvider,
    });
  }
}
