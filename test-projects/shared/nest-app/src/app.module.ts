import { Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { APP_GUARD } from '@nestjs/core';
import { VismaAuthModule } from '@visma-auth/nestjs';
import { ClsModule, ClsService } from 'nestjs-cls';
import { AppController } from './app.controller.js';
import { AppService } from './app.service.js';
import { CallerGuard } from './caller.guard.js';
import { ErpModule } from './erp/erp.module.js';
import { HealthModule } from './health/health.module.js';

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true }),
    // A context per request; CallerGuard keeps the authenticated caller's company in it.
    ClsModule.forRoot({ global: true, middleware: { mount: true } }),
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
        // The authenticated caller's company (CallerGuard), never a request header; else tenantId.
        resolveTenant: () => cls.get<string | undefined>('tenantId'),
      }),
    }),
    ErpModule,
    HealthModule,
  ],
  controllers: [AppController],
  providers: [AppService, { provide: APP_GUARD, useClass: CallerGuard }],
})
export class AppModule {}
