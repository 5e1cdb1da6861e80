import { Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { VismaAuthModule } from '@visma-auth/nestjs';
import { AppController } from './app.controller.js';
import { AppService } from './app.service.js';

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true }),
    VismaAuthModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService) => ({
        clientId: config.getOrThrow<string>('VISMA_CLIENT_ID'),
        clientSecret: config.getOrThrow<string>('VISMA_CLIENT_SECRET'),
        scopes: config.get<string>('VISMA_SCOPES', 'vismanet_erp_service_api:read').split(' '),
        tenantId: config.get<string>('VISMA_TENANT_ID'),
        // Unset in production: the default is https://connect.visma.com.
        authority: config.get<string>('VISMA_AUTHORITY'),
        http: { baseURL: config.get<string>('VISMA_API_URL', 'https://api.finance.visma.net') },
      }),
    }),
  ],
  controllers: [AppController],
  providers: [AppService],
})
export class AppModule {}
