import { Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { VismaAuthModule } from '@visma-auth/nestjs';
import { CustomersController } from './customers.controller.js';
import { HealthController } from './health.controller.js';

/** The Visma.net ERP API; `VISMA_API_URL` points elsewhere (the local protected API in the demo). */
const ERP_API = 'https://integration.visma.net/API';

/** The example app: Visma credentials from the environment, one global Visma client with an HTTP service. */
@Module({
  imports: [
    ConfigModule.forRoot(),
    VismaAuthModule.forRootAsync({
      imports: [ConfigModule],
      inject: [ConfigService],
      isGlobal: true,
      useFactory: (c: ConfigService) => ({
        clientId: c.getOrThrow<string>('VISMA_CLIENT_ID'),
        clientSecret: c.getOrThrow<string>('VISMA_CLIENT_SECRET'),
        scopes: ['vismanet_erp_service_api:read'],
        tenantId: c.get<string>('VISMA_TENANT_ID'),
        // Unset means production Visma Connect (https://connect.visma.com).
        authority: c.get<string>('VISMA_AUTHORITY'),
        http: { baseURL: c.get<string>('VISMA_API_URL') ?? ERP_API },
      }),
    }),
  ],
  controllers: [CustomersController, HealthController],
})
export class AppModule {}
