import { ConfigurableModuleBuilder, type Provider } from '@nestjs/common';
import {
  getVismaHttpServiceToken,
  getVismaTokenProviderToken,
  getVismaTokenServiceToken,
  VISMA_AUTH_CONTEXT,
} from './injection-tokens.js';
import { VismaAuthContext } from './visma-auth-context.js';
import type { VismaAuthModuleExtras, VismaAuthModuleOptions } from './visma-auth-options.js';

/**
 * The `forRoot` / `forRootAsync` machinery of `VismaAuthModule`; each registration gets its own
 * provider, token service and HTTP service, exported under tokens derived from its `name`.
 */
export const {
  ConfigurableModuleClass: VismaAuthConfigurableModule,
  MODULE_OPTIONS_TOKEN: VISMA_AUTH_MODULE_OPTIONS,
  OPTIONS_TYPE: VISMA_AUTH_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: VISMA_AUTH_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<VismaAuthModuleOptions>({ moduleName: 'VismaAuth' })
  .setClassMethodName('forRoot')
  .setExtras<VismaAuthModuleExtras>({ isGlobal: false, name: undefined }, (definition, extras) => {
    const name = extras.name;
    const exported = [
      getVismaTokenServiceToken(name),
      getVismaTokenProviderToken(name),
      getVismaHttpServiceToken(name),
    ];
    const providers: Provider[] = [
      {
        provide: VISMA_AUTH_CONTEXT,
        useFactory: (options: VismaAuthModuleOptions) => new VismaAuthContext(options),
        inject: [VISMA_AUTH_MODULE_OPTIONS],
      },
      {
        provide: getVismaTokenServiceToken(name),
        useFactory: (context: VismaAuthContext) => context.tokens,
        inject: [VISMA_AUTH_CONTEXT],
      },
      {
        provide: getVismaTokenProviderToken(name),
        useFactory: (context: VismaAuthContext) => context.provider,
        inject: [VISMA_AUTH_CONTEXT],
      },
      {
        provide: getVismaHttpServiceToken(name),
        useFactory: (context: VismaAuthContext) => context.http,
        inject: [VISMA_AUTH_CONTEXT],
      },
    ];
    return {
      ...definition,
      global: extras.isGlobal === true,
      providers: [...(definition.providers ?? []), ...providers],
      exports: [...(definition.exports ?? []), ...exported],
    };
  })
  .build();
