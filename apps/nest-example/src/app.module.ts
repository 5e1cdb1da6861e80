import { type DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { APP_GUARD } from '@nestjs/core';
import { VismaAuthModule } from '@visma-auth/nestjs';
import { ClsModule, ClsService } from 'nestjs-cls';
import { CallerGuard } from './caller/caller.guard.js';
import { type VismaEnv, validate } from './config.js';
import { ErpModule } from './erp/erp.module.js';
import { HealthModule } from './health/health.module.js';
import { NxtModule } from './nxt/nxt.module.js';

/**
 * The example app: Visma credentials from the environment, one global Visma registration (one
 * token cache), every request authenticated by its API key with the company that key is bound to
 * kept in nestjs-cls for `resolveTenant`, and one feature module per Visma API.
 */
@Module({})
// biome-ignore lint/complexity/noStaticOnlyClass: Nest modules are classes with static forRoot.
export class AppModule {
  /**
   * The root module, built when the app boots: ConfigModule validates the environment of that
   * moment (a missing variable rejects here, naming it) rather than when this file is imported.
   */
  static async forRoot(): Promise<DynamicModule> {
    const config = await ConfigModule.forRoot({ isGlobal: true, validate });
    return {
      module: AppModule,
      imports: [
        config,
        // A context per request; CallerGuard stores the authenticated caller's company in it.
        ClsModule.forRoot({ global: true, middleware: { mount: true } }),
        VismaAuthModule.forRootAsync({
          inject: [ConfigService, ClsService],
          useFactory: (config: ConfigService<VismaEnv, true>, cls: ClsService) => ({
            clientId: config.get('VISMA_CLIENT_ID', { infer: true }),
            clientSecret: config.get('VISMA_CLIENT_SECRET', { infer: true }),
            scopes: ['vismanet_erp_service_api:read'],
            tenantId: config.get('VISMA_TENANT_ID', { infer: true }),
            // Unset means production Visma Connect (https://connect.visma.com).
            authority: config.get('VISMA_AUTHORITY', { infer: true }),
            // The company of the authenticated caller (CallerGuard), never a request header: the
            // service's credentials reach every company that granted it, its callers must not.
            // Outside a caller's request (health, jobs) it is VISMA_TENANT_ID.
            resolveTenant: () => cls.get<string | undefined>('tenantId'),
          }),
        }),
        ErpModule,
        NxtModule,
        HealthModule,
      ],
      providers: [{ provide: APP_GUARD, useClass: CallerGuard }],
    };
  }
}
