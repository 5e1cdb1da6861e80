import { Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { VismaAuthModule } from '@visma-auth/nestjs';
import { ClsModule, ClsService } from 'nestjs-cls';
import { AppController } from './app.controller.js';
import { AppService } from './app.service.js';
import { ErpModule } from './erp/erp.module.js';
import { HealthModule } from './health/health.module.js';

/** Header naming the Visma company (tenant) an incoming request acts for. */
export const TENANT_HEADER = 'x-tenant-id';

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true }),
    // Keeps each incoming request's tenant in AsyncLocalStorage for resolveTenant below.
    ClsModule.forRoot({
      global: true,
      middleware: {
        mount: true,
        setup: (cls, req: { headers: Record<string, string | string[] | undefined> }) => {
          const tenant = req.headers[TENANT_HEADER];
          // A real app checks that the caller may act for this company before trusting it.
          if (typeof tenant === 'string' && tenant !== '') cls.set('tenantId', tenant);
        },
      },
    }),
    // One registration for the whole app (global by default): one credential, one token cache.
    VismaAuthModule.forRootAsync({
      inject: [ConfigService, ClsService],
      useFactory: (config: ConfigService, cls: ClsService) => ({
        clientId: config.getOrThrow<string>('VISMA_CLIENT_ID'),
        clientSecret: config.getOrThrow<string>('VISMA_CLIENT_SECRET'),
        scopes: config.get<string>('VISMA_SCOPES', 'vismanet_erp_service_api:read').split(' '),
        tenantId: config.get<string>('VISMA_TENANT_ID'),
        // Unset in production: the default is https://connect.visma.com.
        authority: config.get<string>('VISMA_AUTHORITY'),
        // The request's tenant, else tenantId above.
        resolveTenant: () => cls.get<string | undefined>('tenantId'),
      }),
    }),
    ErpModule,
    HealthModule,
  ],
  controllers: [AppController],
  providers: [AppService],
})
export class AppModule {}
