import { type DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { VismaAuthModule } from '@visma-auth/nestjs';
import { ClsModule, ClsService } from 'nestjs-cls';
import { type VismaEnv, validate } from './config.js';
import { ErpModule } from './erp/erp.module.js';
import { HealthModule } from './health/health.module.js';
import { NxtModule } from './nxt/nxt.module.js';

/** Header naming the Visma company (tenant) a request acts for. */
export const TENANT_HEADER = 'x-visma-tenant';

/**
 * The example app: Visma credentials from the environment, one global Visma registration (one
 * token cache), the tenant of each request taken from a header through nestjs-cls, and one
 * feature module per Visma API.
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
        ClsModule.forRoot({
          global: true,
          middleware: {
            mount: true,
            setup: (cls, req: { headers: Record<string, string | string[] | undefined> }) => {
              const tenant = req.headers[TENANT_HEADER];
              // A real app checks the tenant against the companies the caller may act for.
              if (typeof tenant === 'string' && tenant !== '') cls.set('tenantId', tenant);
            },
          },
        }),
        VismaAuthModule.forRootAsync({
          inject: [ConfigService, ClsService],
          useFactory: (config: ConfigService<VismaEnv, true>, cls: ClsService) => ({
            clientId: config.get('VISMA_CLIENT_ID', { infer: true }),
            clientSecret: config.get('VISMA_CLIENT_SECRET', { infer: true }),
            scopes: ['vismanet_erp_service_api:read'],
            tenantId: config.get('VISMA_TENANT_ID', { infer: true }),
            // Unset means production Visma Connect (https://connect.visma.com).
            authority: config.get('VISMA_AUTHORITY', { infer: true }),
            resolveTenant: () => cls.get<string | undefined>('tenantId'),
          }),
        }),
        ErpModule,
        NxtModule,
        HealthModule,
      ],
    };
  }
}
